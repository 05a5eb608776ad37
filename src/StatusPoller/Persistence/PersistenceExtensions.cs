using Microsoft.EntityFrameworkCore;

namespace Tchek.Events.StatusPoller.Persistence;

internal static class PersistenceExtensions
{
    /// <summary>The key of the unpooled data source for connections that hold a session lock.</summary>
    public const string Unpooled = "unpooled";

    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<PlaintextDatabaseWarning>();
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
}
