using System.Collections.Concurrent;
using Tchek.Events.Contracts;

namespace Tchek.Events.Examples.Subscriber;

/// <summary>
/// What the CRM knows: each token's stage, its last applied sequence, and the EventIds applied.
/// In memory for the example; keep it in your database, updated in the transaction that acts on
/// the event, so a redelivery after a crash is recognised.
/// </summary>
public sealed class CrmBoard
{
    private readonly ConcurrentDictionary<Guid, byte> _seen = new();
    private readonly ConcurrentDictionary<string, (long Sequence, string Stage)> _tokens = new();
    private readonly ConcurrentQueue<ITokenEvent> _applied = new();

    public bool HasSeen(Guid eventId) => _seen.ContainsKey(eventId);

    public long LastSequence(string uid) => _tokens.TryGetValue(uid, out var token) ? token.Sequence : 0;

    public string? Stage(string uid) => _tokens.TryGetValue(uid, out var token) ? token.Stage : null;

    /// <summary>Every event applied, in the order applied.</summary>
    public IReadOnlyList<ITokenEvent> Applied => [.. _applied];

    public void Apply(ITokenEvent evt)
    {
        var stage = evt switch
        {
            InspectionStarted => "customer opened the link",
            PicturesCompleted => "pictures in, awaiting validation",
            InspectionCompleted done => $"report ready, {done.PercentDamage}% damage",
            TokenExpired => "link expired",
            TokenTrackingStopped stopped => $"no longer followed ({stopped.Reason})",
            _ => Stage(evt.TokenUid) ?? "link sent",
        };
        _tokens[evt.TokenUid] = (evt.Sequence, stage);
        _seen[evt.EventId] = 0;
        _applied.Enqueue(evt);
    }
}
