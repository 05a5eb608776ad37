namespace Tchek.Events.StatusPoller.Operations.Subscribers.Rules;

/// <summary>
/// One account's RabbitMQ permissions on a vhost: three regular expressions over resource names,
/// for configure (declare, delete), write (publish to an exchange, bind to a queue or exchange)
/// and read (consume, purge, bind from an exchange).
/// </summary>
internal sealed record Permission(string Configure, string Write, string Read);
