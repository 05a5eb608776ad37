using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// Issue #22, deployment defaults: the poller's runtime login needs no DDL. A schema owner (not a superuser) runs
/// the real <c>migrate</c> command, which grants a runtime login its rights (Database:RuntimeRole); the poller then
/// does its whole work as that login without migrating (Database:MigrateAtStart=false), and that login is refused
/// every DDL. A poller that may not migrate refuses an unmigrated database, naming the command to run.
/// </summary>
[Collection("services")]
public sealed class RuntimeLoginTests(ServicesFixture services) : PollerTestBase(services), IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private readonly string _suffix = RandomNumberGenerator.GetHexString(8, lowercase: true);
    private readonly string _ownerPassword = "owner-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
    private readonly string _runtimePassword = "runtime-" + RandomNumberGenerator.GetHexString(24, lowercase: true);

    private string Owner => $"tchek_test_owner_{_suffix}";

    private string Runtime => $"tchek_test_runtime_{_suffix}";

    private string AsOwner => new NpgsqlConnectionStringBuilder(Database) { Username = Owner, Password = _ownerPassword }.ConnectionString;

    private string AsRuntime => new NpgsqlConnectionStringBuilder(Database) { Username = Runtime, Password = _runtimePassword }.ConnectionString;

    private string DatabaseName => new NpgsqlConnectionStringBuilder(Database).Database!;

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        // As deploy/postgres-init.sql sets compose up: the owner owns the database and its schema; PUBLIC may not connect.
        await AdminAsync(Services.AdminConnectionString,
            $"CREATE ROLE {Owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{_ownerPassword}'",
            $"CREATE ROLE {Runtime} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{_runtimePassword}'",
            $"ALTER DATABASE {DatabaseName} OWNER TO {Owner}",
            $"REVOKE ALL ON DATABASE {DatabaseName} FROM PUBLIC");
        await AdminAsync(Database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC", $"ALTER SCHEMA public OWNER TO {Owner}");
    }

    public new async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            // Roles outlive databases: drop the database first (the fixture's later drop finds nothing), then the roles.
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(Services.AdminConnectionString, $"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", $"DROP ROLE IF EXISTS {Runtime}", $"DROP ROLE IF EXISTS {Owner}");
        }
    }

    [Fact]
    public async Task The_poller_does_its_whole_work_as_a_runtime_login_that_is_refused_ddl()
    {
        var migrated = await MigrateAsync(new() { ["ConnectionStrings:Migrations"] = AsOwner, ["Database:RuntimeRole"] = Runtime });
        Assert.True(migrated.ExitCode == 0, string.Join('\n', migrated.Output));
        Assert.DoesNotContain(migrated.Output, line => line.Contains(_ownerPassword, StringComparison.Ordinal));
        // Idempotent: a second run (the next deployment's Job) changes nothing and succeeds.
        Assert.Equal(0, (await MigrateAsync(new() { ["ConnectionStrings:Migrations"] = AsOwner, ["Database:RuntimeRole"] = Runtime })).ExitCode);
        Assert.Equal(Owner, await ScalarAsync<string>("SELECT tableowner FROM pg_tables WHERE tablename = 'tracked_tokens'"));

        Directory.CreateDirectory(Path.Combine(AppProcess.RepoRoot, "logs"));
        await using (var simulator = await AppProcess.StartAsync("Simulator", "runtime-login-simulator.log", new Dictionary<string, string>(), "/health/live"))
        {
            await DoTheWholeWorkAsync(simulator.Url);
        }

        // Every table of the poller: the data rights, and none of the others.
        foreach (var table in await TablesAsync())
        {
            var writable = table != "__EFMigrationsHistory";
            Assert.True(await HasAsync(table, "SELECT"), $"{Runtime} cannot read {table}");
            Assert.Equal(writable, await HasAsync(table, "INSERT") && await HasAsync(table, "UPDATE") && await HasAsync(table, "DELETE"));
            Assert.False(await HasAsync(table, "TRUNCATE") || await HasAsync(table, "REFERENCES") || await HasAsync(table, "TRIGGER"), $"{Runtime} has more than data rights on {table}");
        }

        await using var runtime = new NpgsqlConnection(AsRuntime);
        await runtime.OpenAsync();
        foreach (var ddl in new[]
        {
            "CREATE TABLE intruder (id int)",
            "DROP TABLE tracked_tokens",
            "ALTER TABLE token_events ADD COLUMN intruder int",
            "CREATE INDEX ix_intruder ON audit_log (uid)",
            "TRUNCATE audit_log",
            "INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_Intruder', '10.0.0')",
            "CREATE TEMP TABLE intruder (id int)",
            "CREATE SCHEMA intruder",
        })
        {
            await using var command = new NpgsqlCommand(ddl, runtime);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{ddl}: {refused.SqlState} {refused.MessageText}");
        }

        // A table a later migration adds (created by the owner) is the runtime login's to use at once: default privileges.
        await AdminAsync(AsOwner, "CREATE TABLE later_table (id int)");
        await AdminAsync(AsRuntime, "INSERT INTO later_table VALUES (1)", "UPDATE later_table SET id = 2", "DELETE FROM later_table");
    }

    [Fact]
    public async Task A_poller_that_may_not_migrate_refuses_an_unmigrated_database_naming_the_command_and_changes_nothing()
    {
        await using var poller = StartProcess(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = AsOwner, ["Database:MigrateAtStart"] = "false" });

        Assert.NotEqual(0, await poller.ExitCodeWithinAsync(TimeSpan.FromSeconds(60)) ?? 0);
        Assert.Contains(poller.Output, line => line.Contains("Database:MigrateAtStart is false", StringComparison.Ordinal)
            && line.Contains("Run the migrate command first", StringComparison.Ordinal) && line.Contains("ConnectionStrings__Migrations", StringComparison.Ordinal));
        Assert.DoesNotContain(poller.Output, line => line.Contains(_ownerPassword, StringComparison.Ordinal));
        Assert.Empty(await TablesAsync());
    }

    [Fact]
    public async Task Migrate_refuses_a_runtime_role_that_does_not_exist_or_is_the_owner_itself()
    {
        var missing = await MigrateAsync(new() { ["ConnectionStrings:Migrations"] = AsOwner, ["Database:RuntimeRole"] = Runtime + "_missing" });
        var itself = await MigrateAsync(new() { ["ConnectionStrings:Migrations"] = AsOwner, ["Database:RuntimeRole"] = Owner });
        var unsafeName = await MigrateAsync(new() { ["ConnectionStrings:Migrations"] = AsOwner, ["Database:RuntimeRole"] = "x\"; DROP TABLE tracked_tokens; --" });

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains(missing.Output, line => line.Contains($"Database:RuntimeRole names role {Runtime}_missing, which does not exist", StringComparison.Ordinal));
        Assert.NotEqual(0, itself.ExitCode);
        Assert.Contains(itself.Output, line => line.Contains("the runtime role must be another one", StringComparison.Ordinal));
        Assert.NotEqual(0, unsafeName.ExitCode);
        Assert.Contains(unsafeName.Output, line => line.Contains("Database:RuntimeRole must be a role name", StringComparison.Ordinal));
        // The migrations themselves were applied by the first two runs, and the owner kept its rights.
        Assert.Contains("tracked_tokens", await TablesAsync());
        Assert.True(await ScalarAsync<bool>("SELECT has_table_privilege(@owner, '\"__EFMigrationsHistory\"', 'INSERT')", ("owner", Owner)));
    }

    /// <summary>Track, poll the simulator through a whole life, publish, replay, degrade and restore, untrack, erase, housekeeping, audit.</summary>
    private async Task DoTheWholeWorkAsync(Uri simulator)
    {
        var log = new LogCapture();
        await using var app = Own(new PollerApp(Settings(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = AsRuntime,
            ["Database:MigrateAtStart"] = "false",
            ["Tchek:BaseUrl"] = new Uri(simulator, "apiV1/").ToString(),
            ["Tracking:StoppedRetention"] = "00:00:01",
            ["Housekeeping:Interval"] = "00:00:00.500",
            ["UpstreamHealth:Window"] = "00:00:03",
            ["UpstreamHealth:FailedRatioThreshold"] = "0.5",
            ["UpstreamHealth:MinimumPolls"] = "3",
            ["UpstreamHealth:CalmPeriod"] = "00:00:02",
            ["UpstreamHealth:CheckInterval"] = "00:00:00.250",
        }), web => web.ConfigureLogging(logging => logging.AddProvider(log))).Started());
        using var api = app.CreateApiClient();
        using var admin = new HttpClient { BaseAddress = simulator };
        var (life, active, spare) = (NewUid(), NewUid(), NewUid());
        (await admin.PostAsJsonAsync("/admin/tokens", new { uid = life, sample = true, sampleStep = "00:00:01" })).EnsureSuccessStatusCode();
        foreach (var uid in new[] { active, spare })
        {
            (await admin.PostAsJsonAsync("/admin/tokens", new { uid, steps = new[] { new { at = "00:00:00", status = 1 } } })).EnsureSuccessStatusCode();
        }

        foreach (var uid in new[] { life, active, spare })
        {
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/tokens", new { uid, externalReference = "lead-" + uid })).StatusCode);
        }

        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == life && e.Type == nameof(TokenTrackingStopped)), Within, "the sample life to its end, published");
        Assert.Contains(Sink.For(life), e => e.Type == nameof(InspectionCompleted));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health/ready")).StatusCode);
        // Housekeeping: the finished token goes once its retention has passed and its events are published.
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens WHERE uid = @uid", ("uid", life)) == 0, "housekeeping to delete the finished token", Within);

        // The vendor fails, then recovers: an episode is stored and both its events published.
        (await admin.PutAsJsonAsync("/admin/faults", new { serverError = 1.0 })).EnsureSuccessStatusCode();
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM upstream_episodes WHERE degraded_published_at IS NOT NULL") == 1, "UpstreamDegraded published", Within);
        (await admin.PutAsJsonAsync("/admin/faults", new { serverError = 0.0 })).EnsureSuccessStatusCode();
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM upstream_episodes WHERE restored_published_at IS NOT NULL") == 1, "UpstreamRestored published", Within);

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{active}/replay", null)).StatusCode);
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == active && e.Replayed), Within, "a replayed event");
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/tokens/{spare}")).StatusCode);
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == spare && e.Type == nameof(TokenTrackingStopped)), Within, "the untracked token's stop");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{active}/erase", null)).StatusCode);
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens WHERE uid = @uid AND (erased_at IS NULL OR external_reference IS NOT NULL)", ("uid", active)) == 0, "the erased token forgotten");

        var audit = await api.GetStringAsync($"/audit?uid={spare}");
        Assert.Contains("\"untrack\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"track\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"erase\"", await api.GetStringAsync($"/audit?uid={active}"), StringComparison.Ordinal);

        Assert.DoesNotContain(log.Lines, line => line.Contains("permission denied", StringComparison.OrdinalIgnoreCase) || line.Contains("42501", StringComparison.Ordinal));
    }

    private async Task<(int ExitCode, IReadOnlyList<string> Output)> MigrateAsync(Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Tchek.Events.StatusPoller.dll"), "migrate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment = { ["DOTNET_ENVIRONMENT"] = "Production" },
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, [.. (await output + await error).Split('\n')]);
    }

    private async Task<List<string>> TablesAsync()
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private Task<bool> HasAsync(string table, string privilege) =>
        ScalarAsync<bool>("SELECT has_table_privilege(@role, format('public.%I', @table::text), @privilege)", ("role", Runtime), ("table", table), ("privilege", privilege));

    private static async Task AdminAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
