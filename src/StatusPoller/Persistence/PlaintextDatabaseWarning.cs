using Tchek.Events.ServiceDefaults.Rules;

namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// At start, the warning <see cref="PlaintextConnections.DatabaseWarning"/> decides on for <c>ConnectionStrings:Postgres</c>:
/// its hosts and SSL mode as Npgsql reads them, never its password.
/// </summary>
internal sealed partial class PlaintextDatabaseWarning(
    IConfiguration configuration, IOptions<DatabaseOptions> options, IHostEnvironment environment, ILogger<PlaintextDatabaseWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Postgres"));
        }
        catch (ArgumentException)
        {
            // Unreadable: the data source refuses it with Npgsql's reason when it is first used.
            return Task.CompletedTask;
        }

        if (PlaintextConnections.DatabaseWarning("ConnectionStrings:Postgres", settings.Host, settings.SslMode.ToString(), options.Value.AllowPlaintext,
                environment.EnvironmentName, $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.AllowPlaintext)}") is { } warning)
        {
            LogPlaintext(warning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "{Warning}")]
    private partial void LogPlaintext(string warning);
}
