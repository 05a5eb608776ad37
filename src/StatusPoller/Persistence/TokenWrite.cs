using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Detection;
using Tchek.Events.StatusPoller.Polling;

namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// The outcome of one poll, to be written only if the claim it was made under still holds.
/// </summary>
/// <param name="Claim">The claim the poll was made under.</param>
/// <param name="State">The new state; null when the poll changed no state (a failure, or no snapshot yet).</param>
/// <param name="Plan">The schedule decision.</param>
/// <param name="Events">The events to append, in sequence order.</param>
/// <param name="PolledAt">When the poll was made.</param>
internal sealed record TokenWrite(ClaimedToken Claim, TokenState? State, PollPlan Plan, IReadOnlyList<TokenEvent> Events, DateTimeOffset PolledAt)
{
    /// <summary>
    /// Whether the stored snapshot must be rewritten. Most polls change nothing: then the jsonb
    /// column is left alone, which is most of what a write costs PostgreSQL.
    /// </summary>
    public bool SnapshotChanged { get; init; } = true;
}
