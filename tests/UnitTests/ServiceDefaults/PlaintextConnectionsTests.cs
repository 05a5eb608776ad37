using Tchek.Events.ServiceDefaults.Rules;

namespace Tchek.Events.UnitTests.ServiceDefaults;

/// <summary>
/// Which configuration earns the plaintext warning at start: outside Development, amqp:// and a database SSL mode
/// that may go unencrypted, unless every host is loopback or the silencing option is set; the warning names that option.
/// </summary>
public sealed class PlaintextConnectionsTests
{
    private const string BrokerOption = "RabbitMq:AllowPlaintext";
    private const string DatabaseOption = "Database:AllowPlaintext";

    [Theory]
    [InlineData("rabbitmq", false, false, "Production", true)]
    [InlineData("broker.example.com", false, false, "Staging", true)]
    [InlineData("10.0.0.7", false, false, "Production", true)]
    [InlineData("rabbitmq", true, false, "Production", false)]
    [InlineData("rabbitmq", false, true, "Production", false)]
    [InlineData("rabbitmq", false, false, "Development", false)]
    [InlineData("rabbitmq", false, false, "development", false)]
    [InlineData("localhost", false, false, "Production", false)]
    [InlineData("127.0.0.1", false, false, "Production", false)]
    [InlineData("127.1.2.3", false, false, "Production", false)]
    [InlineData("[::1]", false, false, "Production", false)]
    [InlineData("::1", false, false, "Production", false)]
    public void Amqp_outside_development_to_a_remote_host_is_warned_about(string host, bool tls, bool silenced, string environment, bool warned)
    {
        var warning = PlaintextConnections.BrokerWarning(host, tls ? 5671 : 5672, tls, silenced, environment, BrokerOption);

        Assert.Equal(warned, warning is not null);
    }

    [Fact]
    public void The_broker_warning_names_the_host_the_environment_and_the_option_that_silences_it()
    {
        var warning = PlaintextConnections.BrokerWarning("rabbitmq", 5672, useTls: false, silenced: false, "Production", BrokerOption);

        Assert.NotNull(warning);
        Assert.Contains("amqp:// to rabbitmq:5672 (environment Production)", warning, StringComparison.Ordinal);
        Assert.Contains("set RabbitMq:AllowPlaintext=true", warning, StringComparison.Ordinal);
        Assert.Contains("amqps://", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres", "Prefer", true)]
    [InlineData("postgres", "Disable", true)]
    [InlineData("postgres", "Allow", true)]
    [InlineData("postgres", "prefer", true)]
    [InlineData("postgres", "Require", false)]
    [InlineData("postgres", "VerifyCA", false)]
    [InlineData("postgres", "VerifyFull", false)]
    [InlineData("localhost", "Prefer", false)]
    [InlineData("127.0.0.1:5433", "Disable", false)]
    [InlineData("/var/run/postgresql", "Prefer", false)]
    [InlineData("localhost,127.0.0.1:5433", "Prefer", false)]
    [InlineData("localhost,db.example.com", "Prefer", true)]
    [InlineData("[::1]:5432", "Prefer", false)]
    [InlineData("127.0.0.1.example.com", "Prefer", true)]
    [InlineData("127.0.0.256", "Prefer", true)]
    public void A_database_that_may_connect_in_plaintext_to_a_remote_host_is_warned_about(string hosts, string sslMode, bool warned)
    {
        var warning = PlaintextConnections.DatabaseWarning("ConnectionStrings:Postgres", hosts, sslMode, silenced: false, "Production", DatabaseOption);

        Assert.Equal(warned, warning is not null);
    }

    [Theory]
    [InlineData(true, "Production")]
    [InlineData(false, "Development")]
    public void Silenced_or_in_development_no_database_warning(bool silenced, string environment)
    {
        Assert.Null(PlaintextConnections.DatabaseWarning("ConnectionStrings:Postgres", "postgres", "Disable", silenced, environment, DatabaseOption));
    }

    [Fact]
    public void The_database_warning_names_the_connection_its_mode_its_hosts_and_the_option_that_silences_it()
    {
        var warning = PlaintextConnections.DatabaseWarning("ConnectionStrings:Postgres", "db1:5432, db2", "Prefer", silenced: false, "Staging", DatabaseOption);

        Assert.NotNull(warning);
        Assert.StartsWith("ConnectionStrings:Postgres has SSL Mode=Prefer, which falls back to plaintext", warning, StringComparison.Ordinal);
        Assert.Contains("to db1, db2 (environment Staging)", warning, StringComparison.Ordinal);
        Assert.Contains("SSL Mode=VerifyFull", warning, StringComparison.Ordinal);
        Assert.Contains("set Database:AllowPlaintext=true", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("db1:5432,db2", new[] { "db1", "db2" })]
    [InlineData("[::1]:5432", new[] { "[::1]" })]
    [InlineData("::1", new[] { "::1" })]
    [InlineData("/tmp", new[] { "/tmp" })]
    [InlineData("", new string[0])]
    public void Hosts_are_read_without_their_ports(string value, string[] hosts)
    {
        Assert.Equal(hosts, PlaintextConnections.Hosts(value));
    }
}
