namespace Tchek.Events.Contracts;

/// <summary>Progress reached 3 (PicturesTaken): all required pictures were taken. Emitted at most once per token.</summary>
public sealed record PicturesCompleted : TokenEvent;
