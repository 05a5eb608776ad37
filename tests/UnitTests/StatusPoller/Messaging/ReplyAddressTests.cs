using MassTransit;

namespace Tchek.Events.UnitTests.StatusPoller.Messaging;

/// <summary>
/// How MassTransit reads a non-.NET requester's <c>responseAddress</c> (docs/subscribing/commands.md,
/// "Replies from another language"): what the poller then declares and publishes its reply to.
/// </summary>
public sealed class ReplyAddressTests
{
    private static readonly Uri Host = new("rabbitmq://localhost/");

    [Theory]
    // The default vhost "/" has no segment of its own; any other vhost is the first segment.
    [InlineData("rabbitmq://localhost/reply-commander-1a2b", "/", "reply-commander-1a2b")]
    [InlineData("rabbitmq://localhost/crm/reply-commander-1a2b", "crm", "reply-commander-1a2b")]
    public void The_vhost_is_the_first_segment_and_the_default_vhost_has_none(string address, string vhost, string exchange)
    {
        var parsed = new RabbitMqEndpointAddress(Host, new Uri(address));

        Assert.Equal(vhost, parsed.VirtualHost);
        Assert.Equal(exchange, parsed.Name);
    }

    [Theory]
    // The poller declares the reply exchange as the address says: it must match the requester's own declaration.
    [InlineData("rabbitmq://localhost/reply-commander-1a2b?temporary=true", false, true)]
    [InlineData("rabbitmq://localhost/reply-commander-1a2b", true, false)]
    public void The_address_says_how_the_reply_exchange_is_declared(string address, bool durable, bool autoDelete)
    {
        var parsed = new RabbitMqEndpointAddress(Host, new Uri(address));

        Assert.Equal(durable, parsed.Durable);
        Assert.Equal(autoDelete, parsed.AutoDelete);
        Assert.Equal("fanout", parsed.ExchangeType);
    }
}
