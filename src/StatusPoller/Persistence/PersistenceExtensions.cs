using Microsoft.EntityFrameworkCore;

namespace Tchek.Events.StatusPoller.Persistence;

internal static class PersistenceExtensions
{
    // "tchek-migrate" in ASCII: instances starting together migrate one at a time.
    private const long MigrationLockKey = 0x7463_6865_6b6d_6967;

    /// <summary>The key of the unpooled data source for connections that hold a session lock.</summary>
    public const string Unpooled = "unpooled";

    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        services.AddSingleton(sp => Build(sp, pooled: true));
        services.AddKeyedSingleton(Unpooled, (sp, _) => Build(sp, pooled: false));
        services.AddDbContext<PollerDbContext>((sp, options) => options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        return services;
    }

    private static NpgsqlDataSource Build(IServiceProvider services, bool pooled)
    {
        var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set. Set it with the environment variable ConnectionStrings__Postgres, e.g. Host=localhost;Username=postgres;Password=...;Database=tchek_events.");
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.KeepAlive = settings.KeepAlive == 0 ? 10 : settings.KeepAlive;
        if (!pooled)
        {
            // A pooled connection would keep its session locks after being "closed".
            settings.Pooling = false;
            settings.ApplicationName ??= "tchek-session-lock";
        }

        return builder.Build();
    }

    /// <summary>Applies the checked-in migrations, one instance at a time.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PollerDbContext>();
        var dataSource = scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(ct);
        }

        try
        {
            await db.Database.MigrateAsync(ct);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", MigrationLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
