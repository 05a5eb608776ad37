namespace Tchek.Events.StatusPoller.Operations.Subscribers.Rules;

/// <summary>
/// One account's RabbitMQ permissions on a vhost: regular expressions over resource names for
/// configure, write and read.
/// </summary>
internal sealed record Permission(string Configure, string Write, string Read);
