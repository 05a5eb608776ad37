using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tchek.Events.StatusPoller.Persistence;

namespace Tchek.Events.UnitTests.StatusPoller.Persistence;

/// <summary>TLS to PostgreSQL is Npgsql's: the data sources keep <c>SSL Mode</c> and <c>Root Certificate</c> as given.</summary>
public sealed class DataSourceTlsTests
{
    [Theory]
    [InlineData(SslMode.VerifyFull)]
    [InlineData(SslMode.VerifyCA)]
    [InlineData(SslMode.Require)]
    public void Both_data_sources_keep_the_ssl_settings_of_the_connection_string(SslMode mode)
    {
        var given = $"Host=db.example.com;Username=poller;Password=pw;Database=tchek_events;SSL Mode={mode};Root Certificate=/etc/tchek/pg-ca.pem;SSL Certificate=/etc/tchek/pg-client.pem;SSL Key=/etc/tchek/pg-client.key";
        using var services = Services(given);

        var pooled = new NpgsqlConnectionStringBuilder(services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        var unpooled = new NpgsqlConnectionStringBuilder(services.GetRequiredKeyedService<NpgsqlDataSource>(PersistenceExtensions.Unpooled).ConnectionString);

        foreach (var built in new[] { pooled, unpooled })
        {
            Assert.Equal(mode, built.SslMode);
            Assert.Equal("/etc/tchek/pg-ca.pem", built.RootCertificate);
            Assert.Equal("/etc/tchek/pg-client.pem", built.SslCertificate);
            Assert.Equal("/etc/tchek/pg-client.key", built.SslKey);
        }

        Assert.False(unpooled.Pooling);
    }

    [Fact]
    public void Without_ssl_settings_npgsql_defaults_apply()
    {
        using var services = Services("Host=localhost;Username=postgres;Password=pw;Database=postgres");

        var built = new NpgsqlConnectionStringBuilder(services.GetRequiredService<NpgsqlDataSource>().ConnectionString);

        Assert.Equal(new NpgsqlConnectionStringBuilder().SslMode, built.SslMode);
        Assert.Null(built.RootCertificate);
    }

    private static ServiceProvider Services(string connectionString) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString })
            .Build())
        .AddPersistence()
        .BuildServiceProvider();
}
