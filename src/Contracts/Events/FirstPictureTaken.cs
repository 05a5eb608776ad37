namespace Tchek.Events.Contracts;

/// <summary>Progress reached 2 (Shooting): the first picture was taken. Emitted at most once per token.</summary>
public sealed record FirstPictureTaken : TokenEvent;
