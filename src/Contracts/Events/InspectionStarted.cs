namespace Tchek.Events.Contracts;

/// <summary>Progress reached 1 (Opened): the final user opened the inspection link. Emitted at most once per token.</summary>
public sealed record InspectionStarted : TokenEvent;
