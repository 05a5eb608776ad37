extern alias bench;

using bench::Tchek.Events.Benchmarks.Guard;

namespace Tchek.Events.UnitTests.Benchmarks;

/// <summary>bench/baseline.json and the guard's verdicts: what passes, what fails, and what each message says.</summary>
public sealed class GuardBaselineTests
{
    private static readonly GuardBaseline Baseline = new("2026-12-01", "abc1234", GuardBaseline.UpdateCommand, new Dictionary<string, BaselineEntry>
    {
        [GuardFigure.AllocatedBytes.Key] = new(40_000, 0, 0.03),
        [GuardFigure.Statements.Key] = new(6, 0.05, 0),
        [GuardFigure.StoreRoundTrips.Key] = new(3, 0, 0),
    });

    [Theory]
    [InlineData(40_000, "Within")]
    [InlineData(41_200, "Within")]
    [InlineData(41_201, "Above")]
    [InlineData(38_800, "Within")]
    [InlineData(38_799, "Fell")]
    public void Allocations_may_rise_by_their_relative_allowance_and_no_more(double measured, string expected)
    {
        var verdict = Single(GuardFigure.AllocatedBytes, measured);

        Assert.Equal(expected, verdict.Outcome.ToString());
        Assert.Equal(expected == "Above", verdict.Fails);
    }

    [Theory]
    [InlineData(6.05, "Within")]
    [InlineData(7, "Above")]
    [InlineData(5, "Fell")]
    public void Statements_may_rise_by_their_absolute_allowance_only(double measured, string expected)
    {
        Assert.Equal(expected, Single(GuardFigure.Statements, measured).Outcome.ToString());
    }

    [Fact]
    public void An_exact_figure_fails_one_above_its_baseline()
    {
        Assert.Equal(GuardOutcome.Above, Single(GuardFigure.StoreRoundTrips, 4).Outcome);
        Assert.Equal(GuardOutcome.Within, Single(GuardFigure.StoreRoundTrips, 3).Outcome);
    }

    [Fact]
    public void A_failure_names_the_figure_the_measured_value_the_baseline_and_the_limit()
    {
        var verdict = Single(GuardFigure.Statements, 7);

        Assert.Equal("database statements per poll grew: measured 7.00, baseline 6.00, allowed up to 6.05", verdict.Message);
    }

    [Fact]
    public void A_figure_missing_from_the_baseline_fails_and_says_how_to_record_it()
    {
        var verdict = Single(GuardFigure.IndexEntries, 10);

        Assert.Equal(GuardOutcome.NoBaseline, verdict.Outcome);
        Assert.True(verdict.Fails);
        Assert.Contains("./bench.sh --guard --update-baseline", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recording_keeps_each_allowance_the_file_gave_rounds_as_printed_and_reads_back()
    {
        var widened = Baseline with { Figures = new Dictionary<string, BaselineEntry>(Baseline.Figures) { [GuardFigure.Statements.Key] = new(6, 0.5, 0) } };
        var measured = new Dictionary<string, double> { [GuardFigure.Statements.Key] = 5.004, [GuardFigure.RoundTrips.Key] = 3.0149 };

        var recorded = GuardBaseline.Record(measured, widened, "2026-12-08", "def5678");
        var read = GuardBaseline.Parse(recorded.ToJson());

        Assert.Equal(new BaselineEntry(5, 0.5, 0), read.Figures[GuardFigure.Statements.Key]);
        Assert.Equal(new BaselineEntry(3.01, GuardFigure.RoundTrips.Tolerance, GuardFigure.RoundTrips.RelativeTolerance), read.Figures[GuardFigure.RoundTrips.Key]);
        Assert.Equal(("2026-12-08", "def5678", "./bench.sh --guard --update-baseline"), (read.Recorded, read.Commit, read.Command));
        Assert.Equal(2, read.Figures.Count);
    }

    [Fact]
    public void The_committed_baseline_records_every_guarded_figure()
    {
        var committed = GuardBaseline.Parse(File.ReadAllText(Repository.PathOf("bench/baseline.json")));

        Assert.Equal(GuardFigure.All.Select(f => f.Key).Order(StringComparer.Ordinal), committed.Figures.Keys.Order(StringComparer.Ordinal));
        Assert.All(committed.Figures.Values, entry => Assert.True(entry.Limit >= entry.Value));
    }

    private static GuardVerdict Single(GuardFigure figure, double measured) =>
        Assert.Single(Baseline.Compare(new Dictionary<string, double> { [figure.Key] = measured }));
}
