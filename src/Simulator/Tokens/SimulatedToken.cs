namespace Tchek.Events.Simulator.Tokens;

/// <summary>
/// A token the simulator answers for: its fixed ids and its whole life. A flapping token (for
/// benchmarks) ignores its life and alternates between 2 and a new chase-up at every request.
/// </summary>
internal sealed record SimulatedToken(
    string Uid,
    DateTimeOffset CreatedAt,
    IReadOnlyList<LifecycleStep> Steps,
    string Id,
    string InspectionId,
    string VehicleId,
    string CustomerId,
    string CreatorUserId,
    string ApiTokenId,
    int SendingType,
    TimeSpan ValidFor,
    bool Flapping = false);
