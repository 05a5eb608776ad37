using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tchek.Events.UnitTests;

/// <summary>
/// What a fresh clone deploys with: random secrets written once, a compose file that exposes
/// nothing beyond this machine and starts with no default password.
/// </summary>
public sealed partial class DeploymentDefaultsTests
{
    private static readonly string[] Secrets =
        ["TCHEK_API_KEY", "POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "RABBITMQ_POLLER_PASSWORD", "RABBITMQ_CONSUMER_PASSWORD", "RABBITMQ_COMMANDER_PASSWORD"];

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
