namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>A bus command that can never succeed: not retried, moved to the endpoint's error queue with this message.</summary>
internal sealed class InvalidCommandException(string message) : Exception(message);
