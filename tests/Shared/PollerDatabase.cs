using System.Diagnostics;
using Npgsql;

namespace Tchek.Events.Testing;

/// <summary>A fresh database with the poller's schema, for the bench and the chaos run: migrated by the poller's own <c>migrate</c> command.</summary>
public static class PollerDatabase
{
    /// <summary>Drops <paramref name="name"/> if it exists (with its connections), creates it, migrates it; returns its connection string.</summary>
    public static async Task<string> CreateAsync(string adminConnectionString, string name, Uri rabbitMq)
    {
        // No pooled connection to a dropped database may survive.
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var database = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        using var migrate = Process.Start(new ProcessStartInfo("dotnet", [AppProcess.Dll("StatusPoller"), "migrate"])
        {
            Environment = { ["ConnectionStrings__Postgres"] = database, ["ConnectionStrings__RabbitMq"] = rabbitMq.ToString(), ["Logging__LogLevel__Default"] = "Warning" },
            RedirectStandardOutput = true,
        })!;
        await migrate.WaitForExitAsync();
        return migrate.ExitCode == 0 ? database : throw new InvalidOperationException($"Migrating database {name} failed.");
    }

    /// <summary>Drops <paramref name="name"/> if it exists, ending its connections.</summary>
    public static async Task DropAsync(string adminConnectionString, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
