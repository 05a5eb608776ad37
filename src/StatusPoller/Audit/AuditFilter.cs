namespace Tchek.Events.StatusPoller.Audit;

/// <summary>A page of the audit trail, newest first: entries before <paramref name="BeforeId"/>, matching every filter given.</summary>
internal sealed record AuditFilter(string? Actor, string? Action, string? Uid, long? BeforeId, int Limit);
