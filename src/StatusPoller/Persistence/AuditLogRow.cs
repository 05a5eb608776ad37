namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// One row of <c>audit_log</c>: who did what, through which channel, with what outcome
/// (owned by <c>Audit.AuditLog</c>).
/// </summary>
internal sealed record AuditLogRow
{
    public long Id { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The principal's name (an API key's name or fingerprint, a broker account), never a key.</summary>
    public required string Actor { get; init; }

    /// <summary><c>api</c>, <c>console</c> or <c>bus</c>.</summary>
    public required string Channel { get; init; }

    public required string Action { get; init; }

    /// <summary>The token uid acted on, when there is one.</summary>
    public string? Uid { get; init; }

    /// <summary>What else was asked (a replay's range, an external reference): personal, erased with its token.</summary>
    public string? Detail { get; init; }

    public required string Outcome { get; init; }

    /// <summary>The client's address, for HTTP: the operator's, kept for the retention (not the token's subject's).</summary>
    public string? ClientAddress { get; init; }
}
