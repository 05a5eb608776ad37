namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>A token's current facts in words, read from its stored row and last snapshot.</summary>
internal sealed record TokenFacts(
    string Status,
    string StatusDescription,
    string Progress,
    string Expiry,
    string Damage,
    string Report,
    string State)
{
    public static TokenFacts Of(TrackedToken token, DateTimeOffset now)
    {
        var snapshot = Snapshot(token);
        return new TokenFacts(
            StatusWords.Of(token.Status),
            StatusWords.Describe(token.Status),
            token.Status is null ? "not polled yet" : StatusWords.Progress(token.Progress),
            ConsoleText.Expiry(token.Expired, token.ExpiresAt, now),
            token.ErasedAt is not null ? "erased" : ConsoleText.Damage(snapshot?.PercentDamage),
            ReportWords(token.Progress, snapshot),
            ConsoleText.State(token.State, token.StopReason));
    }

    /// <summary>
    /// A report exists once the inspection completed (status 5); whether this token gives access to
    /// it is its <c>options.report</c> (the vendor's page).
    /// </summary>
    public static string ReportWords(int progress, TokenSnapshot? snapshot)
    {
        if (snapshot is null)
        {
            return "unknown (no snapshot)";
        }

        if (progress < TokenStatusCodes.Completed)
        {
            return "not yet (the inspection is not complete)";
        }

        return snapshot.Options?.Report switch
        {
            true => "yes",
            false => "created, but this token does not grant access to it",
            null => "created (the vendor does not say whether this token grants access to it)",
        };
    }

    private static TokenSnapshot? Snapshot(TrackedToken token)
    {
        try
        {
            return TokenState.FromStored(token.Uid, token.Snapshot, token.Progress, token.LastSequence)?.Snapshot;
        }
        catch (InvalidDataException)
        {
            // An unreadable stored snapshot: the page shows what the row says, without the snapshot's facts.
            return null;
        }
    }
}
