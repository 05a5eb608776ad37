namespace Tchek.Events.Contracts;

/// <summary>Progress reached 4 (DamageValidation): damage validation ("Fast Track") began. Emitted at most once per token.</summary>
public sealed record DamageValidationStarted : TokenEvent;
