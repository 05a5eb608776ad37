using System.Diagnostics;
using System.Runtime.Versioning;

namespace Tchek.Events.UnitTests;

/// <summary>
/// ./bench.sh and ./chaos.sh check their switches before they start anything: run with PostgreSQL's
/// and RabbitMQ's commands replaced by stubs that fail loudly and leave a mark, they must answer
/// without one. Each run builds the tool (a no-op after the test build), so they take seconds.
/// </summary>
[SupportedOSPlatform("linux")] // bash scripts and executable stubs
public sealed class ScriptCommandLineTests : IDisposable
{
    private static readonly string[] ServiceCommands =
    [
        "pg_isready", "psql", "pg_ctlcluster", "pg_createcluster",
        "rabbitmqctl", "rabbitmq-server", "rabbitmq-diagnostics", "rabbitmq-plugins", "apt-get",
    ];

    private readonly string _stubs = Directory.CreateTempSubdirectory("tchek-script-stubs-").FullName;

    public ScriptCommandLineTests()
    {
        foreach (var command in ServiceCommands)
        {
            var path = Path.Combine(_stubs, command);
            File.WriteAllText(path, $"#!/bin/sh\necho {command} >>\"{Marks}\"\necho \"stub: {command} must not run\" >&2\nexit 1\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string Marks => Path.Combine(_stubs, "ran");

    [Theory]
    [InlineData("bench.sh", "--help")]
    [InlineData("chaos.sh", "-h")]
    public void Help_prints_every_switch_and_starts_nothing(string script, string help)
    {
        var (exitCode, output, error) = Run(script, help);

        Assert.True(exitCode == 0, $"{script} {help} exited {exitCode}: {error}");
        Assert.Contains($"./{script} [options]", output, StringComparison.Ordinal);
        Assert.Contains("--short", output, StringComparison.Ordinal);
        AssertNothingStarted(output, error);
    }

    [Theory]
    [InlineData("bench.sh", "--tokens 1000,x", "--tokens 1000,x")]
    [InlineData("chaos.sh", "--bogus", "'--bogus'")]
    public void A_bad_switch_exits_2_and_starts_nothing(string script, string args, string said)
    {
        var (exitCode, output, error) = Run(script, args.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(said, error, StringComparison.Ordinal);
        AssertNothingStarted(output, error);
    }

    public void Dispose() => Directory.Delete(_stubs, recursive: true);

    private void AssertNothingStarted(string output, string error)
    {
        Assert.False(File.Exists(Marks), $"service commands ran: {(File.Exists(Marks) ? File.ReadAllText(Marks) : "")}");
        Assert.DoesNotContain("services:", output + error, StringComparison.Ordinal);
    }

    private (int ExitCode, string Output, string Error) Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Repository.PathOf(script), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The script's own build must be the plain one a developer's shell runs, not steered by `dotnet test`.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("TCHEK_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["PATH"] = $"{_stubs}:{start.Environment["PATH"]}";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} {string.Join(' ', args)} ran over 3 minutes");
        }

        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
