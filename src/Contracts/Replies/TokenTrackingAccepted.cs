namespace Tchek.Events.Contracts;

/// <summary>
/// Reply to a <see cref="TrackToken"/> or <see cref="UntrackToken"/> sent as a request (with a
/// request id, as MassTransit's request client sends it): the command was carried out, or had
/// nothing left to do. A command sent without a request id gets no reply.
/// </summary>
public sealed record TokenTrackingAccepted
{
    /// <summary>The command's token uid.</summary>
    public string TokenUid { get; init; } = string.Empty;

    /// <summary>What the command did: one of <see cref="TokenTrackingOutcomes"/>.</summary>
    public string Outcome { get; init; } = string.Empty;
}
