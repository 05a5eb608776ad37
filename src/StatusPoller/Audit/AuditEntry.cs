namespace Tchek.Events.StatusPoller.Audit;

/// <summary>One action of <paramref name="Actor"/>, as the audit trail records it.</summary>
internal sealed record AuditEntry(DateTimeOffset At, Actor Actor, string Action, string? Uid, string? Detail, string Outcome);

/// <summary>The actions and outcomes the trail records (lowercase words, so filters are simple).</summary>
internal static class AuditActions
{
    public const string Track = "track";
    public const string Untrack = "untrack";
    public const string Erase = "erase";
    public const string Replay = "replay";
    public const string SignIn = "sign-in";
    public const string SignOut = "sign-out";
    public const string KeyRefused = "key-refused";
}

/// <summary>Entries built the same way by several edges.</summary>
internal static class AuditEntries
{
    /// <summary>A replay of <paramref name="range"/>: how many went out again, or <c>busy</c> when another replay ran.</summary>
    public static AuditEntry Replay(DateTimeOffset at, Actor actor, string? uid, string range, int? replayed) =>
        new(at, actor, AuditActions.Replay, uid, replayed is { } count ? $"{range}; {count} published" : range, replayed is null ? "busy" : "replayed");

    /// <summary>A token replay's range, as asked.</summary>
    public static string Sequences(long? from, long? to) => $"sequences {from?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "first"}..{to?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "last"}";
}
