extern alias simulator;

using System.Text.Json;
using simulator::Tchek.Events.Simulator.Faults;
using simulator::Tchek.Events.Simulator.Lifecycles;
using simulator::Tchek.Events.Simulator.Tokens;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.UnitTests.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.Simulator;

public sealed class SimulatorTests
{
    private static readonly DateTimeOffset Created = new(2026, 6, 13, 7, 0, 0, TimeSpan.Zero);

    private static SimulatedToken Token(params LifecycleStep[] steps) =>
        new("T3D6288", Created, steps, "zH10GzxInV", "cD3BrVtuhh", "iJgGBgndLi", "jI33qU2Dz1", "xNsqRXw9gn", "lMIgFXXXXX", 0, TimeSpan.FromDays(30));

    [Fact]
    public void A_token_at_status_5_has_exactly_the_shape_of_the_vendors_page()
    {
        var token = Token(new(TimeSpan.Zero, 0), new(TimeSpan.FromMinutes(1), 3), new(TimeSpan.FromMinutes(2), 5));

        using var simulated = JsonDocument.Parse(VendorPayload.Write(token, TimeSpan.FromMinutes(3), Created.AddMinutes(3)));
        using var page = JsonDocument.Parse(VendorPayloads.PageExample);

        Assert.Equal(Shape(page.RootElement), Shape(simulated.RootElement));
    }

    [Fact]
    public void The_simulated_answer_is_what_the_poller_reads()
    {
        var token = Token(new(TimeSpan.Zero, 0), new(TimeSpan.FromMinutes(1), 2), new(TimeSpan.FromMinutes(5), 4, PercentDamage: 7.5m), new(TimeSpan.FromMinutes(6), 4, Expired: true, PercentDamage: 7.5m));

        var parsed = TokenPayloadParser.Parse(VendorPayload.Write(token, TimeSpan.FromMinutes(7), Created.AddMinutes(7)), "T3D6288");

        Assert.True(parsed.IsValid, parsed.Rejection?.ToString());
        Assert.Equal(4, parsed.Snapshot.Status);
        Assert.True(parsed.Snapshot.Expired);
        Assert.Equal(7.5m, parsed.Snapshot.PercentDamage);
        // The status time is when 4 was first set, not when expiry came on top of it.
        Assert.Equal(Created.AddMinutes(5), parsed.Snapshot.StatusUpdatedAt);
        Assert.Equal(Created.AddDays(30), parsed.Snapshot.ExpiresAt);
        Assert.Equal("cD3BrVtuhh", parsed.Snapshot.InspectionId);
    }

    [Fact]
    public void Faulty_answers_are_refused_by_the_poller_for_the_right_reason()
    {
        var token = Token(new LifecycleStep(TimeSpan.Zero, 1));

        Assert.Equal(PayloadRejectionKind.UidMismatch, TokenPayloadParser.Parse(VendorPayload.Write(token, TimeSpan.Zero, Created, uidOverride: "T0F3DF9"), "T3D6288").Rejection?.Kind);
        Assert.Equal(PayloadRejectionKind.StatusOutOfRange, TokenPayloadParser.Parse(VendorPayload.Write(token, TimeSpan.Zero, Created, statusOverride: 9), "T3D6288").Rejection?.Kind);
    }

    [Fact]
    public void Unstorable_answers_are_the_true_answer_plus_one_field_that_only_the_database_refuses_or_the_parser_catches()
    {
        var token = Token(new LifecycleStep(TimeSpan.Zero, 1));
        var answer = VendorPayload.Write(token, TimeSpan.Zero, Created);
        var kinds = new[] { 0.0, 1.0 / 1_000_003, 2.0 / 1_000_003 }
            .Select(draw => TokenPayloadParser.Parse(VendorPayload.WithUnstorableField(answer, draw), "T3D6288"))
            .Select(parsed => parsed.IsValid ? "valid" : parsed.Rejection.Kind.ToString())
            .ToList();

        // NUL and half a surrogate are refused by the parser; the huge number passes it (the write then fails).
        Assert.Equal(["Unstorable", "Unstorable", "valid"], kinds);
        Assert.True(TokenPayloadParser.Parse(VendorPayload.WithUnstorableField(answer, 2.0 / 1_000_003), "T3D6288").Snapshot!.SameFactsAs(TokenPayloadParser.Parse(answer, "T3D6288").Snapshot!));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(59, 0, 0)]
    [InlineData(60, 6, 60)]
    [InlineData(90, 6, 90)]
    [InlineData(120, 2, 120)]
    [InlineData(200, 2, 120)]
    [InlineData(260, 2, 120)]
    public void The_step_in_force_and_its_status_time_follow_the_life(int seconds, int status, int setAtSeconds)
    {
        // A repeated 6 is a second chase-up with its own time; damage and expiry set no status time.
        LifecycleStep[] steps =
        [
            new(TimeSpan.Zero, 0), new(TimeSpan.FromSeconds(60), 6), new(TimeSpan.FromSeconds(90), 6), new(TimeSpan.FromSeconds(120), 2),
            new(TimeSpan.FromSeconds(150), 2, PercentDamage: 1), new(TimeSpan.FromSeconds(250), 2, Expired: true, PercentDamage: 1),
        ];

        Assert.Equal(status, Lifecycle.StepAt(steps, TimeSpan.FromSeconds(seconds)).Status);
        Assert.Equal(TimeSpan.FromSeconds(setAtSeconds), Lifecycle.StatusSetAt(steps, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void A_6_that_only_expires_is_not_another_chase_up()
    {
        LifecycleStep[] steps = [new(TimeSpan.Zero, 0), new(TimeSpan.FromSeconds(60), 6), new(TimeSpan.FromSeconds(90), 6, Expired: true)];

        Assert.Equal(TimeSpan.FromSeconds(60), Lifecycle.StatusSetAt(steps, TimeSpan.FromSeconds(100)));
    }

    [Fact]
    public void Lives_the_vendor_could_not_produce_are_refused()
    {
        Assert.NotNull(Lifecycle.Validate([]));
        Assert.NotNull(Lifecycle.Validate([new(TimeSpan.FromSeconds(1), 0)]));
        Assert.NotNull(Lifecycle.Validate([new(TimeSpan.Zero, 0), new(TimeSpan.FromSeconds(1), 7)]));
        Assert.NotNull(Lifecycle.Validate([new(TimeSpan.Zero, 0), new(TimeSpan.FromSeconds(5), 1), new(TimeSpan.FromSeconds(2), 2)]));
        Assert.Null(Lifecycle.Validate(RandomLifecycles.Sample(TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void Random_lives_are_valid_normal_lives()
    {
        for (var seed = 0; seed < 2_000; seed++)
        {
            var life = RandomLifecycles.Generate(new Random(seed), TimeSpan.FromMinutes(1));

            Assert.Null(Lifecycle.Validate(life));
            var progress = life.Select(s => s.Status).Where(s => s != 6).ToList();
            Assert.Equal(progress.Order(), progress);
        }
    }

    [Theory]
    [InlineData(0.05, nameof(Fault.TooManyRequests))]
    [InlineData(0.15, nameof(Fault.ServerError))]
    [InlineData(0.25, nameof(Fault.Timeout))]
    [InlineData(0.35, nameof(Fault.Malformed))]
    [InlineData(0.45, nameof(Fault.WrongUid))]
    [InlineData(0.55, nameof(Fault.UnknownStatus))]
    [InlineData(0.65, nameof(Fault.StalledBody))]
    [InlineData(0.75, nameof(Fault.Unstorable))]
    [InlineData(0.85, nameof(Fault.None))]
    public void Each_fault_takes_its_share_of_the_draws(double draw, string expected)
    {
        var options = new FaultOptions { TooManyRequests = 0.1, ServerError = 0.1, Timeout = 0.1, Malformed = 0.1, WrongUid = 0.1, UnknownStatus = 0.1, StalledBody = 0.1, Unstorable = 0.1 };

        Assert.Equal(expected, FaultPlan.Choose(options, draw).ToString());
        Assert.Equal(Fault.None, FaultPlan.Choose(new FaultOptions(), draw));
    }

    // Property names in order, with the kind of each value, recursively.
    private static List<string> Shape(JsonElement element, string path = "") => element.ValueKind switch
    {
        JsonValueKind.Object => [.. element.EnumerateObject().SelectMany(p => Shape(p.Value, $"{path}.{p.Name}").Prepend($"{path}.{p.Name}"))],
        JsonValueKind.True or JsonValueKind.False => [$"{path}: boolean"],
        _ => [$"{path}: {element.ValueKind}"],
    };
}
