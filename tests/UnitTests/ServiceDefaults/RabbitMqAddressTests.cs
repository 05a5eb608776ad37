using Tchek.Events.ServiceDefaults;

namespace Tchek.Events.UnitTests.ServiceDefaults;

/// <summary><c>ConnectionStrings:RabbitMq</c>: amqp:// and amqps://, their ports, and errors that never show a password.</summary>
public sealed class RabbitMqAddressTests
{
    [Theory]
    [InlineData("amqp://guest:guest@localhost/", "localhost", 5672, "/", false)]
    [InlineData("amqps://guest:guest@localhost/", "localhost", 5671, "/", true)]
    [InlineData("amqp://u:p@broker:15672/", "broker", 15672, "/", false)]
    [InlineData("amqps://u:p@broker:15671/", "broker", 15671, "/", true)]
    [InlineData("amqps://u:p@broker.example.com:5672/prod", "broker.example.com", 5672, "prod", true)]
    [InlineData("rabbitmq://u:p@127.0.0.1/team%2Fblue", "127.0.0.1", 5672, "team/blue", false)]
    [InlineData("rabbitmqs://u:p@127.0.0.1/", "127.0.0.1", 5671, "/", true)]
    public void Scheme_port_and_virtual_host_are_read(string uri, string host, int port, string vhost, bool tls)
    {
        var address = RabbitMqAddress.Parse(uri);

        Assert.Equal((host, (ushort)port, vhost, tls), (address.Host, address.Port, address.VirtualHost, address.UseTls));
    }

    [Fact]
    public void Credentials_are_unescaped_and_default_to_guest()
    {
        var address = RabbitMqAddress.Parse("amqps://poller%40prod:p%3Ass%2Fw0rd@broker/");
        var anonymous = RabbitMqAddress.Parse("amqp://broker/");

        Assert.Equal(("poller@prod", "p:ss/w0rd"), (address.Username, address.Password));
        Assert.Equal(("guest", "guest"), (anonymous.Username, anonymous.Password));
    }

    [Fact]
    public void The_address_prints_without_its_password()
    {
        var address = RabbitMqAddress.Parse("amqps://poller:s3cret-pw@broker:5671/prod");

        Assert.Equal("amqps://poller@broker:5671/prod", address.ToString());
        Assert.DoesNotContain("s3cret-pw", address.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://poller:s3cret-pw@broker/", "its scheme is http")]
    [InlineData("amqp://poller:s3cret-pw@:5672/", "not an absolute URI with a host")]
    [InlineData("amqp://poller:s3cret-pw@broker:99999/", "not an absolute URI with a host")]
    [InlineData("amqp://poller:s3cret-pw@broker:5671/", "write amqps://")]
    [InlineData("amqp://poller:s3cret-pw@with@at@broker/", "")]
    [InlineData("amqp//poller:s3cret-pw@broker/", "not an absolute URI")]
    public void A_bad_connection_string_is_refused_with_the_reason_and_the_password_masked(string uri, string reason)
    {
        string message;
        try
        {
            var parsed = RabbitMqAddress.Parse(uri);
            message = parsed.ToString();
            Assert.True(reason.Length == 0, $"{uri} was accepted as {parsed}");
        }
        catch (InvalidOperationException e)
        {
            message = e.Message;
            Assert.Contains(reason, message, StringComparison.Ordinal);
            Assert.Contains("ConnectionStrings:RabbitMq", message, StringComparison.Ordinal);
            Assert.Contains(":***@", message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("s3cret-pw", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void A_missing_connection_string_says_it_is_not_set(string? uri)
    {
        var error = Assert.Throws<InvalidOperationException>(() => RabbitMqAddress.Parse(uri));

        Assert.Contains("it is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__RabbitMq", error.Message, StringComparison.Ordinal);
    }
}
