extern alias simulator;

using System.Text.Json;
using Microsoft.Extensions.Options;
using simulator::Tchek.Events.Simulator;
using simulator::Tchek.Events.Simulator.Lifecycles;
using simulator::Tchek.Events.Simulator.Tokens;

namespace Tchek.Events.UnitTests.Simulator;

/// <summary>At <c>Simulator:Speed</c> S a simulated moment t after creation happens at creation + t / S in real time, and the answer's stamps say so.</summary>
public sealed class SimulatedSpeedTests
{
    private static readonly DateTimeOffset Created = new(2026, 6, 13, 7, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(360)]
    public void The_answers_real_time_stamps_are_when_the_simulated_moments_happen(double speed)
    {
        var time = new ManualTime(Created);
        var registry = new TokenRegistry(time, new Random(1), Options.Create(new SimulatorOptions { Speed = speed }));
        LifecycleStep[] steps = [new(TimeSpan.Zero, 0), new(TimeSpan.FromMinutes(30), 1), new(TimeSpan.FromHours(2), 3), new(TimeSpan.FromHours(3), 3, Expired: true)];
        var token = registry.Create("T3D6288", steps, validFor: TimeSpan.FromHours(3))!;

        // Just before the simulated 2 h: still 1; just after: 3, set at the real moment of 2 h / speed.
        time.Now = Created + (TimeSpan.FromHours(2) / speed) - TimeSpan.FromMilliseconds(1);
        Assert.Equal(1, Answer(registry, token).GetProperty("tradeinStatus").GetInt32());
        time.Now = Created + (TimeSpan.FromHours(2) / speed) + TimeSpan.FromMilliseconds(1);
        var answer = Answer(registry, token);

        Assert.Equal(3, answer.GetProperty("tradeinStatus").GetInt32());
        Assert.False(answer.GetProperty("expired").GetBoolean());
        Assert.Equal(Created + (TimeSpan.FromHours(2) / speed), answer.GetProperty("tradeinStatusUpdatedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(Created + (TimeSpan.FromHours(2) / speed), answer.GetProperty("updatedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        // The token's own validity, not Simulator:ValidFor: expiresIn is when the expiry step happens.
        Assert.Equal(Created + (TimeSpan.FromHours(3) / speed), answer.GetProperty("expiresIn").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

        time.Now = Created + (TimeSpan.FromHours(3) / speed);
        Assert.True(Answer(registry, token).GetProperty("expired").GetBoolean());
    }

    [Fact]
    public void Without_its_own_validity_a_token_is_valid_for_Simulator_ValidFor_scaled()
    {
        var registry = new TokenRegistry(new ManualTime(Created), new Random(1), Options.Create(new SimulatorOptions { Speed = 60, ValidFor = TimeSpan.FromDays(30) }));
        var token = registry.Create("T3D6288", [new(TimeSpan.Zero, 0)])!;

        Assert.Equal(TimeSpan.FromDays(30) / 60, token.ValidFor);
    }

    private static JsonElement Answer(TokenRegistry registry, SimulatedToken token)
    {
        using var document = JsonDocument.Parse(VendorPayload.Write(token, registry.Elapsed(token), token.CreatedAt + registry.Elapsed(token)));
        return document.RootElement.GetProperty("token").Clone();
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
