namespace Tchek.Events.StatusPoller.Decide;

internal enum FetchOutcome
{
    /// <summary>2xx with a body, to be parsed.</summary>
    Answered,

    /// <summary>The vendor does not know the token (404).</summary>
    NotFound,

    /// <summary>No usable answer: error status, timeout, connection failure, open circuit, oversized body.</summary>
    Failed,
}

/// <summary>One request's result; <see cref="RetryAfter"/> is the vendor's Retry-After, when it sent one.</summary>
internal sealed record FetchResult(FetchOutcome Outcome, ReadOnlyMemory<byte> Body, string? Error, TimeSpan? RetryAfter)
{
    public static FetchResult Answered(ReadOnlyMemory<byte> body) => new(FetchOutcome.Answered, body, null, null);

    public static FetchResult NotFound() => new(FetchOutcome.NotFound, default, "not found", null);

    public static FetchResult Failed(string error, TimeSpan? retryAfter = null) => new(FetchOutcome.Failed, default, error, retryAfter);
}
