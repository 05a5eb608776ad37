namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>How the console writes times, states and problems: plain words, UTC, the same everywhere.</summary>
internal static class ConsoleText
{
    public const string None = "—";

    /// <summary><c>2026-01-31 08:00:05 UTC</c>, or a dash.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : None;

    /// <summary>The time of day alone when <paramref name="at"/> falls on <paramref name="now"/>'s UTC day, else the full <see cref="Time"/>.</summary>
    public static string Short(DateTimeOffset at, DateTimeOffset now) => at.UtcDateTime.Date == now.UtcDateTime.Date
        ? at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
        : Time(at);

    /// <summary>"replayed 2× · last 14:03:07", or null for an event never replayed.</summary>
    public static string? Replayed(int count, DateTimeOffset? last, DateTimeOffset now) => count switch
    {
        <= 0 => null,
        _ => last is { } at ? $"replayed {count}× · last {Short(at, now)}" : $"replayed {count}×",
    };

    /// <summary>tracking, or stopped with its reason in words.</summary>
    public static string State(TrackingPhase state, string? stopReason) => state switch
    {
        TrackingPhase.Active => "tracking",
        _ => stopReason is null ? "stopped" : $"stopped ({StopReason(stopReason)})",
    };

    /// <summary>The <c>TokenTrackingStopped</c> reasons of the contract, in words.</summary>
    public static string StopReason(string reason) => reason switch
    {
        "CompletedTailElapsed" => "completed, no longer followed",
        "Expired" => "expired",
        "Untracked" => "untracked by request",
        "NotFound" => "unknown to the vendor",
        _ => reason,
    };

    /// <summary><c>12.5 %</c>, or what its absence means.</summary>
    public static string Damage(decimal? percent) =>
        percent is { } value ? value.ToString("0.##", CultureInfo.InvariantCulture) + " %" : "not assessed yet";

    /// <summary>The token's expiry: expired, or when it expires.</summary>
    public static string Expiry(bool expired, DateTimeOffset? expiresAt, DateTimeOffset now) => (expired, expiresAt) switch
    {
        (true, { } at) => $"expired (validity ended {Time(at)})",
        (true, null) => "expired",
        (false, { } at) when at <= now => $"expires {Time(at)} (the vendor does not say expired yet)",
        (false, { } at) => $"expires {Time(at)} (in {Span(at - now)})",
        (false, null) => "no expiry known",
    };

    /// <summary>A duration as a person says it: the largest unit or two (<c>3 d 4 h</c>, <c>5 min</c>, <c>12 s</c>).</summary>
    public static string Span(TimeSpan span)
    {
        span = span.Duration();
        return span switch
        {
            { TotalDays: >= 1 } => span.Hours > 0 ? $"{span.Days} d {span.Hours} h" : $"{span.Days} d",
            { TotalHours: >= 1 } => span.Minutes > 0 ? $"{span.Hours} h {span.Minutes} min" : $"{span.Hours} h",
            { TotalMinutes: >= 1 } => $"{span.Minutes} min",
            _ => $"{span.Seconds} s",
        };
    }

    /// <summary>
    /// Why a page offers fewer actions than it could: "Not offered to your key: Replay events (needs the
    /// scope replay), Erase (needs the scope erase). An operator grants scopes in Api:Clients."
    /// </summary>
    public static string Withheld(IEnumerable<(string Action, string Scope)> actions) =>
        $"Not offered to your key: {string.Join(", ", actions.Select(a => $"{a.Action} (needs the scope {a.Scope})"))}. An operator grants scopes in Api:Clients.";

    /// <summary>A validation problem's errors as lines: "uid: A token uid is ...".</summary>
    public static IReadOnlyList<string> Errors(IReadOnlyDictionary<string, string[]> errors) =>
        [.. errors.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}"))];
}
