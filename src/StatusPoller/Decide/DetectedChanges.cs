namespace Tchek.Events.StatusPoller.Decide;

/// <summary>
/// What one observation of a token leads to: the state to store and the events to write with it,
/// in the order the spec prescribes.
/// </summary>
/// <param name="State">The new state to store.</param>
/// <param name="Events">The events to write in the same transaction, in <c>Sequence</c> order.</param>
/// <param name="FactsChanged">Whether the stored snapshot's facts differ (ignoring <c>updatedAt</c>).</param>
/// <param name="Regression">Set when the status moved below the progress already reached; worth a warning.</param>
internal sealed record DetectedChanges(
    TokenState State,
    IReadOnlyList<TokenEvent> Events,
    bool FactsChanged,
    StatusRegression? Regression);

/// <summary>A status below the progress already reached (5 then 3, say): not progress, but odd.</summary>
internal sealed record StatusRegression(int ReachedProgress, int Status);
