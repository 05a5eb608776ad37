extern alias chaos;

using System.Text.Json;
using chaos::Tchek.Events.Chaos.Checking;

namespace Tchek.Events.UnitTests.Chaos.Checking;

/// <summary>
/// A true life and the stream a correct poller reports for it when it polls at 0, 1, 6, 3, 5 and
/// the expiry (missing 2 and 4): the checker's known-good case, which each test breaks one way.
/// </summary>
internal static class ChaosStreams
{
    public const string Uid = "T3D6288";

    public static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int second) => T0.AddSeconds(second);

    public static TrueToken Truth(int earlyRequests = 0, int overlaps = 0) => new(
        Uid,
        [
            new(At(0), 0, false, null),
            new(At(10), 1, false, null),
            new(At(20), 6, false, null),
            new(At(30), 2, false, null),
            new(At(40), 3, false, null),
            new(At(50), 4, false, 12.5m),
            new(At(60), 5, false, 12.5m),
            new(At(70), 5, true, 12.5m),
        ],
        earlyRequests,
        overlaps);

    public static List<EventFacts> Stream() =>
    [
        Event(1, "TokenTracked", 0),
        Event(2, "TokenStatusChanged", 1, previous: 0, occurredAt: At(10)),
        Event(3, "InspectionStarted", 1, occurredAt: At(10)),
        Event(4, "TokenStatusChanged", 6, previous: 1, occurredAt: At(20)),
        Event(5, "ChaseUpSent", 6, occurredAt: At(20)),
        Event(6, "TokenStatusChanged", 3, previous: 6, occurredAt: At(40)),
        Event(7, "FirstPictureTaken", 3, inferred: true, occurredAt: At(40)),
        Event(8, "PicturesCompleted", 3, occurredAt: At(40)),
        Event(9, "TokenStatusChanged", 5, previous: 3, occurredAt: At(60)),
        Event(10, "DamageValidationStarted", 5, inferred: true, occurredAt: At(60)),
        Event(11, "InspectionCompleted", 5, damage: 12.5m, occurredAt: At(60)),
        Event(12, "DamageAssessed", 5, damage: 12.5m),
        Event(13, "TokenExpired", 5),
        Event(14, "TokenTrackingStopped", 5, reason: "Expired"),
    ];

    public static EventFacts Event(
        long sequence, string type, int status, int? previous = null, bool inferred = false, DateTimeOffset? occurredAt = null, decimal? damage = null, string? reason = null, string uid = Uid)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["eventId"] = Id(uid, sequence),
            ["tokenUid"] = uid,
            ["sequence"] = sequence,
            ["status"] = status,
            ["previousStatus"] = previous,
            ["inferred"] = inferred,
            ["occurredAt"] = occurredAt ?? At(75),
            ["observedAt"] = At(75),
            ["percentDamage"] = damage,
            ["reason"] = reason,
        });
        return EventFacts.Parse(Id(uid, sequence), type, json);
    }

    public static Guid Id(string uid, long sequence) => new($"{Math.Abs(uid.GetHashCode(StringComparison.Ordinal)):x8}-0000-0000-0000-{sequence:x12}");
}
