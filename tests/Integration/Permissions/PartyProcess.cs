using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tchek.Events.IntegrationTests.Permissions;

/// <summary>
/// party.py (pika) or party.js (amqplib) as a process: its stdout line by line, stderr kept for
/// failure messages; killed on dispose.
/// </summary>
internal sealed class PartyProcess : IAsyncDisposable
{
    private static readonly SemaphoreSlim NpmGate = new(1, 1);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private PartyProcess(Process process) => _process = process;

    public IReadOnlyList<string> Lines => [.. _lines];

    private static string Folder => Path.Combine(AppProcess.RepoRoot, "tests", "Integration", "Permissions");

    public static Task<PartyProcess> PikaAsync(Uri broker, params string[] args) =>
        StartAsync("/usr/bin/python3", [Path.Combine(Folder, "python", "party.py"), broker.ToString(), .. args]);

    public static async Task<PartyProcess> AmqplibAsync(Uri broker, params string[] args)
    {
        await NpmCiAsync();
        return await StartAsync("node", [Path.Combine(Folder, "node", "party.js"), broker.ToString(), .. args]);
    }

    /// <summary>Waits until a line satisfies <paramref name="done"/>, or fails with what it printed.</summary>
    public async Task WaitForAsync(Func<string, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!_lines.Any(done))
        {
            Assert.False(_process.HasExited && !_lines.Any(done), $"{_process.StartInfo.FileName} exited ({(_process.HasExited ? _process.ExitCode : 0)}) before {what}. stdout:\n{string.Join('\n', _lines)}\nstderr:\n{string.Join('\n', _errors)}");
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}. stdout:\n{string.Join('\n', _lines)}\nstderr:\n{string.Join('\n', _errors)}");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits for the process to end by itself and returns what it printed.</summary>
    public async Task<IReadOnlyList<string>> ExitedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        Assert.True(_process.ExitCode == 0, $"{_process.StartInfo.FileName} failed ({_process.ExitCode}):\n{string.Join('\n', _errors)}");
        return Lines;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static async Task<PartyProcess> StartAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var party = new PartyProcess(Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start."));
        party._process.OutputDataReceived += (_, e) => { if (e.Data is { } line) party._lines.Enqueue(line); };
        party._process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) party._errors.Enqueue(line); };
        party._process.BeginOutputReadLine();
        party._process.BeginErrorReadLine();
        return await Task.FromResult(party);
    }

    /// <summary>amqplib from the committed lock file, once per test run (CI starts from a clean clone).</summary>
    private static async Task NpmCiAsync()
    {
        var node = Path.Combine(Folder, "node");
        await NpmGate.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(node, "node_modules", "amqplib")))
            {
                return;
            }

            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            {
                WorkingDirectory = node,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.StandardOutput.ReadToEndAsync();
            await npm.WaitForExitAsync();
            Assert.True(npm.ExitCode == 0, $"npm ci in {node} failed: {await errors}");
        }
        finally
        {
            NpmGate.Release();
        }
    }
}
