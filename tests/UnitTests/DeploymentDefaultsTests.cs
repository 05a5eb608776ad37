using System.Diagnostics;
using System.Text.RegularExpressions;
using Tchek.Events.UnitTests.Deployment;

namespace Tchek.Events.UnitTests;

/// <summary>
/// What a fresh clone deploys with: random secrets written once, a compose file that exposes
/// nothing beyond this machine and starts with no default password.
/// </summary>
public sealed partial class DeploymentDefaultsTests
{
    private static readonly string[] Secrets =
        ["TCHEK_API_KEY", "POSTGRES_PASSWORD", "POSTGRES_OWNER_PASSWORD", "POSTGRES_POLLER_PASSWORD", "POSTGRES_SAMPLE_PASSWORD",
         "RABBITMQ_PASSWORD", "RABBITMQ_POLLER_PASSWORD", "RABBITMQ_CONSUMER_PASSWORD", "RABBITMQ_COMMANDER_PASSWORD", "RABBITMQ_ERLANG_COOKIE",
         "GRAFANA_PASSWORD"];

    // Run on Linux and macOS (as CI and every deployment target are): bash and Unix file modes.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_first_run_writes_random_secrets_readable_by_its_user_only_and_keeps_them_after()
    {
        var first = Directory.CreateTempSubdirectory("tchek-dotenv-");
        var second = Directory.CreateTempSubdirectory("tchek-dotenv-");
        try
        {
            var env = Path.Combine(first.FullName, ".env");
            RunDotenv(first.FullName);
            var written = File.ReadAllText(env);
            RunDotenv(first.FullName);
            RunDotenv(second.FullName);

            var values = Values(written);
            Assert.Equal(Secrets.Order(), values.Keys.Order());
            Assert.All(values.Values, value => Assert.Matches("^[0-9a-f]{48}$", value));
            Assert.Equal(values.Count, values.Values.Distinct().Count());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(env));
            Assert.Equal(written, File.ReadAllText(env));
            Assert.NotEqual(values["TCHEK_API_KEY"], Values(File.ReadAllText(Path.Combine(second.FullName, ".env")))["TCHEK_API_KEY"]);
        }
        finally
        {
            first.Delete(recursive: true);
            second.Delete(recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_older_env_file_gets_the_secrets_it_lacks_and_keeps_its_own_values()
    {
        var directory = Directory.CreateTempSubdirectory("tchek-dotenv-");
        try
        {
            var env = Path.Combine(directory.FullName, ".env");
            const string Older = "TCHEK_API_KEY=kept-api-key\nPOSTGRES_PASSWORD=kept-superuser-password\n";
            File.WriteAllText(env, Older);
            File.SetUnixFileMode(env, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            RunDotenv(directory.FullName);

            var values = Values(File.ReadAllText(env));
            Assert.StartsWith(Older, File.ReadAllText(env), StringComparison.Ordinal);
            Assert.Equal(Secrets.Order(), values.Keys.Order());
            Assert.All(values.Where(kv => !Older.Contains(kv.Key, StringComparison.Ordinal)), kv => Assert.Matches("^[0-9a-f]{48}$", kv.Value));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Compose_gives_the_superuser_password_to_no_app_and_each_app_its_own_login()
    {
        var services = Yaml.Document("docker-compose.yml").At("services").Entries().ToDictionary(s => s.Key, s => s.Value);
        string? Env(string service, string key) => services[service].Text("environment", key);

        // The superuser's password: PostgreSQL itself and the one-shot that creates the logins, nobody else.
        var holders = services.Where(s => Variable().Matches(s.Value.ToString()).Any(m => m.Groups["name"].Value == "POSTGRES_PASSWORD")).Select(s => s.Key).Order();
        Assert.Equal(["postgres", "postgres-init"], holders);

        // The sample consumers: their own login, owner of their own database only.
        var sample = ConnectionString(Env("consumers", "ConnectionStrings__Sample"));
        Assert.Equal(("tchek_sample", "tchek_sample", "${POSTGRES_SAMPLE_PASSWORD:?}"), (sample["Username"], sample["Database"], sample["Password"]));

        // The poller: the runtime login, which never migrates; the migrate one-shot owns the schema and grants it its rights.
        var poller = ConnectionString(Env("poller", "ConnectionStrings__Postgres"));
        var migrations = ConnectionString(Env("migrate", "ConnectionStrings__Migrations"));
        Assert.Equal(("tchek_poller", "tchek_events"), (poller["Username"], poller["Database"]));
        Assert.Equal(("tchek_owner", "tchek_events"), (migrations["Username"], migrations["Database"]));
        Assert.Equal("false", Env("poller", "Database__MigrateAtStart"));
        Assert.Equal(poller["Username"], Env("migrate", "Database__RuntimeRole"));
        Assert.Null(Env("migrate", "ConnectionStrings__Postgres"));
        Assert.Equal(["migrate"], services["migrate"].At("command").Items().Select(i => ((YamlDotNet.RepresentationModel.YamlScalarNode)i).Value));
        Assert.Equal("service_completed_successfully", services["poller"].Text("depends_on", "migrate", "condition"));
        Assert.Equal("service_completed_successfully", services["migrate"].Text("depends_on", "postgres-init", "condition"));
        Assert.Equal("service_completed_successfully", services["consumers"].Text("depends_on", "postgres-init", "condition"));
    }

    [Fact]
    public void The_init_script_makes_each_compose_login_with_its_env_password_and_owns_each_database_by_its_app()
    {
        var script = File.ReadAllText(Repository.PathOf("deploy/postgres-init.sql"));
        var init = Yaml.Document("docker-compose.yml").At("services", "postgres-init")!;

        foreach (var (login, variable) in new[] { ("tchek_owner", "POSTGRES_OWNER_PASSWORD"), ("tchek_poller", "POSTGRES_POLLER_PASSWORD"), ("tchek_sample", "POSTGRES_SAMPLE_PASSWORD") })
        {
            var psqlVariable = Regex.Match(script, $@"\\getenv (?<var>\w+) {variable}\b").Groups["var"].Value;
            Assert.NotEmpty(psqlVariable);
            Assert.Matches($@"ALTER ROLE {login} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE [^;]*PASSWORD :'{psqlVariable}';", script);
            Assert.StartsWith($"${{{variable}:?", init.Text("environment", variable), StringComparison.Ordinal);
        }

        Assert.Contains("ALTER DATABASE tchek_events OWNER TO tchek_owner;", script, StringComparison.Ordinal);
        Assert.Contains("ALTER DATABASE tchek_sample OWNER TO tchek_sample;", script, StringComparison.Ordinal);
        Assert.Contains("REVOKE ALL ON DATABASE tchek_sample FROM PUBLIC;", script, StringComparison.Ordinal);
        Assert.Contains("/postgres-init.sql", string.Join(' ', init.At("volumes").Items().Select(v => ((YamlDotNet.RepresentationModel.YamlScalarNode)v).Value)), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> ConnectionString(string? value) =>
        value!.Split(';').Select(part => part.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void Compose_publishes_ports_on_loopback_only_and_has_no_default_secret()
    {
        var compose = File.ReadAllText(Repository.PathOf("docker-compose.yml"));

        var ports = compose.Split('\n').Where(line => line.TrimStart().StartsWith("ports:", StringComparison.Ordinal))
            .SelectMany(line => Port().Matches(line).Select(m => m.Groups["mapping"].Value)).ToList();
        Assert.NotEmpty(ports);
        Assert.All(ports, mapping => Assert.StartsWith("127.0.0.1:", mapping, StringComparison.Ordinal));
        Assert.DoesNotContain("guest", compose, StringComparison.Ordinal);
        Assert.DoesNotContain("local-dev-key", compose, StringComparison.Ordinal);
        var secrets = Variable().Matches(compose).Where(m => Secrets.Contains(m.Groups["name"].Value)).ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, m => Assert.StartsWith(":?", m.Groups["rest"].Value, StringComparison.Ordinal));
        Assert.True(File.ReadAllLines(Repository.PathOf(".gitignore")).Contains(".env"), ".env is not git-ignored");
    }

    private static void RunDotenv(string directory)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [Repository.PathOf("scripts/dotenv.sh")])
        {
            WorkingDirectory = directory,
            RedirectStandardError = true,
        })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static Dictionary<string, string> Values(string env) => env.Split('\n')
        .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#'))
        .Select(line => line.Split('=', 2))
        .ToDictionary(kv => kv[0], kv => kv[1].Trim());

    [GeneratedRegex(@"""(?<mapping>[^""]+)""")]
    private static partial Regex Port();

    [GeneratedRegex(@"\$\{(?<name>[A-Z_]+)(?<rest>[^}]*)\}")]
    private static partial Regex Variable();
}
