namespace Tchek.Events.Contracts;

/// <summary>The final user received a chase-up message: the status became 6, or stayed 6 with a newer <c>tradeinStatusUpdatedAt</c>.</summary>
public sealed record ChaseUpSent : TokenEvent;
