using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// The schema's changes: the checked-in migrations, applied one instance at a time with the schema owner's
/// login, then the runtime role's rights. At start, either that (<see cref="DatabaseOptions.MigrateAtStart"/>)
/// or only a check that nothing is pending.
/// </summary>
internal static partial class SchemaMigrations
{
    /// <summary>The connection string the <c>migrate</c> command uses when it is set: the schema owner's login.</summary>
    public const string MigrationsConnection = "Migrations";

    // "tchek-migrate" in ASCII: instances starting together migrate one at a time.
    private const long MigrationLockKey = 0x7463_6865_6b6d_6967;

    /// <summary>Migrates (as <c>migrate</c> does) when <see cref="DatabaseOptions.MigrateAtStart"/>; otherwise fails the start if a migration is pending.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateAtStart)
        {
            await services.MigrateDatabaseAsync(ct);
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var pending = (await scope.ServiceProvider.GetRequiredService<PollerDbContext>().Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            var error = new PendingMigrationsException(pending);
            LogPending((services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<PollerDbContext>(), error.Message);
            throw error;
        }
    }

    /// <summary>
    /// The <c>migrate</c> command: applies the checked-in migrations with <c>ConnectionStrings:Migrations</c> (or
    /// <c>ConnectionStrings:Postgres</c> when it is not set), one instance at a time, then grants
    /// <see cref="DatabaseOptions.RuntimeRole"/> the poller's rights when it is set.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger<PollerDbContext>();
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString(services.GetRequiredService<IConfiguration>()));
        // EF logs each migration it applies through the host's logging, as the pooled context would.
        await using var db = new PollerDbContext(new DbContextOptionsBuilder<PollerDbContext>().UseNpgsql(dataSource).UseLoggerFactory(loggers).Options);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(ct);
        }

        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await db.Database.MigrateAsync(ct);
            LogMigrated(logger, pending.Count, connection.UserName ?? "?");
            if (options.RuntimeRole is { Length: > 0 } role)
            {
                await RuntimeGrants.ApplyAsync(connection, role, ct);
                LogGranted(logger, role);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", MigrationLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Migrations") is { Length: > 0 } migrations ? migrations
        : configuration.GetConnectionString("Postgres") is { Length: > 0 } postgres ? postgres
        : throw new InvalidOperationException(
            $"Neither ConnectionStrings:{MigrationsConnection} (the schema owner's login, for migrate) nor ConnectionStrings:Postgres is set. "
            + $"Set one with the environment variable ConnectionStrings__{MigrationsConnection} or ConnectionStrings__Postgres.");

    [LoggerMessage(LogLevel.Information, "Migrations: {Count} applied as database user {User}; the schema is up to date")]
    private static partial void LogMigrated(ILogger logger, int count, string user);

    [LoggerMessage(LogLevel.Information, "Migrations: role {Role} holds the poller's runtime rights (data only, no DDL)")]
    private static partial void LogGranted(ILogger logger, string role);

    [LoggerMessage(LogLevel.Critical, "{Message}")]
    private static partial void LogPending(ILogger logger, string message);
}

/// <summary>The poller started with <see cref="DatabaseOptions.MigrateAtStart"/> false on a database that lacks migrations of this build.</summary>
internal sealed class PendingMigrationsException(IReadOnlyList<string> pending) : InvalidOperationException(
    $"The database lacks {pending.Count} migration(s) of this build ({pending[0]}{(pending.Count > 1 ? $" to {pending[^1]}" : "")}) and "
    + $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.MigrateAtStart)} is false, so this poller does not change the schema. "
    + $"Run the migrate command first with the schema owner's login (`dotnet Tchek.Events.StatusPoller.dll migrate`, "
    + $"ConnectionStrings__{SchemaMigrations.MigrationsConnection} set to it: the migrate service in compose, the tchek-migrate Job on Kubernetes), then start the poller.");
