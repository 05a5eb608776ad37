namespace Tchek.Events.Contracts;

/// <summary>
/// Reply to a <see cref="TrackToken"/> or <see cref="UntrackToken"/> sent as a request: the command
/// was refused and changed nothing. <see cref="Title"/>, <see cref="Detail"/> and
/// <see cref="Errors"/> are what the HTTP API's problem details say for the same input.
/// </summary>
public sealed record TokenTrackingRefused
{
    /// <summary>The command's token uid, as sent (it may be the invalid part).</summary>
    public string? TokenUid { get; init; }

    /// <summary>Why, as a code: one of <see cref="TokenTrackingRefusalReasons"/>.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>The problem's title, e.g. <c>One or more validation errors occurred.</c></summary>
    public string Title { get; init; } = string.Empty;

    /// <summary>The problem in one sentence, for a log line.</summary>
    public string Detail { get; init; } = string.Empty;

    /// <summary>
    /// For <see cref="TokenTrackingRefusalReasons.Invalid"/>: each invalid field (<c>uid</c>,
    /// <c>externalReference</c>, <c>metadata</c>) with the rules it breaks, as in a validation
    /// problem's <c>errors</c>; empty otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
