using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tchek.Events.Benchmarks.Guard;

/// <summary>
/// A figure the guard holds to its baseline: its key in bench/baseline.json, its name in messages, how it
/// is printed, and the rise it allows when the baseline file gives none (the larger of an absolute and a
/// relative allowance).
/// </summary>
internal sealed record GuardFigure(string Key, string Label, string Format, double Tolerance, double RelativeTolerance)
{
    public static readonly GuardFigure AllocatedBytes = new("allocatedBytesPerPoll", "allocated bytes per unchanged poll", "0", 512, 0.02);
    public static readonly GuardFigure Statements = new("statementsPerPoll", "database statements per poll", "0.00", 0.05, 0);
    public static readonly GuardFigure RoundTrips = new("roundTripsPerPoll", "database round trips per poll", "0.00", 0.05, 0);
    public static readonly GuardFigure Connections = new("connectionsPerPoll", "database connections opened per poll", "0.000", 0.005, 0);
    public static readonly GuardFigure IndexEntries = new("indexEntriesPerPoll", "index entries written per poll", "0.00", 0.05, 0);
    public static readonly GuardFigure StoreStatements = new("storeStatementsPerBatch", "statements to claim and write 200 tokens, store alone", "0", 0, 0);
    public static readonly GuardFigure StoreRoundTrips = new("storeRoundTripsPerBatch", "round trips to claim and write 200 tokens, store alone", "0", 0, 0);

    public static IReadOnlyList<GuardFigure> All { get; } = [AllocatedBytes, Statements, RoundTrips, Connections, IndexEntries, StoreStatements, StoreRoundTrips];

    public string Print(double value) => value.ToString(Format, CultureInfo.InvariantCulture);
}

/// <summary>One figure's recorded value and the rise it allows above it.</summary>
internal sealed record BaselineEntry(double Value, double Tolerance, double RelativeTolerance)
{
    /// <summary>The highest value that passes.</summary>
    [JsonIgnore]
    public double Limit => Value + Math.Max(Tolerance, RelativeTolerance * Math.Abs(Value));
}

/// <summary>bench/baseline.json: each guarded figure's value as last recorded, with when, where and how.</summary>
internal sealed record GuardBaseline(string Recorded, string Commit, string Command, IReadOnlyDictionary<string, BaselineEntry> Figures)
{
    public const string UpdateCommand = "./bench.sh --guard --update-baseline";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static GuardBaseline Parse(string json) =>
        JsonSerializer.Deserialize<GuardBaseline>(json, Json) ?? throw new JsonException("the baseline file is empty (null)");

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>
    /// A new baseline holding <paramref name="measured"/>; each figure keeps the allowance
    /// <paramref name="previous"/> gave it (a lead may have widened one on purpose), else its default.
    /// </summary>
    public static GuardBaseline Record(IReadOnlyDictionary<string, double> measured, GuardBaseline? previous, string recorded, string commit) => new(
        recorded,
        commit,
        UpdateCommand,
        GuardFigure.All.Where(f => measured.ContainsKey(f.Key)).ToDictionary(
            f => f.Key,
            f => previous?.Figures.GetValueOrDefault(f.Key) is { } kept
                ? kept with { Value = Round(f, measured[f.Key]) }
                : new BaselineEntry(Round(f, measured[f.Key]), f.Tolerance, f.RelativeTolerance)));

    /// <summary>Each figure against its baseline, in <see cref="GuardFigure.All"/>'s order.</summary>
    public IReadOnlyList<GuardVerdict> Compare(IReadOnlyDictionary<string, double> measured) =>
        [.. GuardFigure.All.Where(f => measured.ContainsKey(f.Key)).Select(f => GuardVerdict.Of(f, Figures.GetValueOrDefault(f.Key), measured[f.Key]))];

    // As printed: a baseline reads like the table that recorded it.
    private static double Round(GuardFigure figure, double value) => double.Parse(figure.Print(value), CultureInfo.InvariantCulture);
}

internal enum GuardOutcome
{
    /// <summary>At or below its limit.</summary>
    Within,

    /// <summary>Above its limit: the guard fails.</summary>
    Above,

    /// <summary>Below its baseline by more than the allowance: passes; re-recording keeps the gain.</summary>
    Fell,

    /// <summary>Not in the baseline file: the guard fails until it is recorded.</summary>
    NoBaseline,
}

/// <summary>A figure measured against its baseline entry.</summary>
internal sealed record GuardVerdict(GuardFigure Figure, BaselineEntry? Baseline, double Measured, GuardOutcome Outcome)
{
    public static GuardVerdict Of(GuardFigure figure, BaselineEntry? baseline, double measured) => new(
        figure,
        baseline,
        measured,
        baseline is null ? GuardOutcome.NoBaseline
            : measured > baseline.Limit ? GuardOutcome.Above
            : baseline.Value - measured > baseline.Limit - baseline.Value ? GuardOutcome.Fell
            : GuardOutcome.Within);

    public bool Fails => Outcome is GuardOutcome.Above or GuardOutcome.NoBaseline;

    /// <summary>One line naming the figure, the measured value, the baseline and the limit.</summary>
    public string Message => Outcome switch
    {
        GuardOutcome.Above => $"{Figure.Label} grew: measured {Figure.Print(Measured)}, baseline {Figure.Print(Baseline!.Value)}, allowed up to {Figure.Print(Baseline.Limit)}",
        GuardOutcome.NoBaseline => $"{Figure.Label}: measured {Figure.Print(Measured)}, but bench/baseline.json has no {Figure.Key}: record it with {GuardBaseline.UpdateCommand}",
        GuardOutcome.Fell => $"{Figure.Label} fell: measured {Figure.Print(Measured)}, baseline {Figure.Print(Baseline!.Value)}; {GuardBaseline.UpdateCommand} keeps the gain",
        _ => $"{Figure.Label}: measured {Figure.Print(Measured)}, baseline {Figure.Print(Baseline!.Value)}, allowed up to {Figure.Print(Baseline.Limit)}",
    };
}
