using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tchek.Events.IntegrationTests.Examples;

/// <summary>
/// A script of examples/node-subscriber as a node process: its stdout line by line, stderr kept for
/// failure messages; killed on dispose. <see cref="RequireAsync"/> first: node, npm and the packages.
/// </summary>
internal sealed class NodeExample : IAsyncDisposable
{
    private const string Install = "install Node.js and npm (as root: apt-get install -y nodejs npm; scripts/services.sh does it)";
    private static readonly SemaphoreSlim NpmGate = new(1, 1);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private NodeExample(Process process) => _process = process;

    public static string Folder => Path.Combine(AppProcess.RepoRoot, "examples", "node-subscriber");

    /// <summary>What it printed, the "listening" line excluded.</summary>
    public IReadOnlyList<string> Lines => [.. _lines.Where(l => !l.StartsWith("listening:", StringComparison.Ordinal))];

    /// <summary>
    /// Fails, naming the fix, unless node and npm run; then installs the example's packages from its
    /// committed lock file (npm ci), once per test run, unless they are there already.
    /// </summary>
    public static async Task RequireAsync()
    {
        var (nodeExit, nodeOutput) = await RunToEndAsync("node", ["--version"], Folder);
        Assert.True(nodeExit == 0, $"node does not run ({nodeOutput}): the Node subscriber example needs it; {Install}");
        var (npmExit, npmOutput) = await RunToEndAsync("npm", ["--version"], Folder);
        Assert.True(npmExit == 0, $"npm does not run ({npmOutput}): the Node subscriber example needs it; {Install}");

        await NpmGate.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(Folder, "node_modules", "amqplib")) && Directory.Exists(Path.Combine(Folder, "node_modules", "ajv-formats")))
            {
                return;
            }

            var (exit, output) = await RunToEndAsync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], Folder);
            Assert.True(exit == 0, $"npm ci in {Folder} failed, so amqplib and ajv are missing; it needs the npm registry (or npm's cache): run it there by hand to see why.\n{output}");
        }
        finally
        {
            NpmGate.Release();
        }
    }

    /// <summary>Starts <paramref name="script"/> with <paramref name="args"/> and <paramref name="environment"/>.</summary>
    public static NodeExample Start(string script, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(Folder, script), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var example = new NodeExample(Process.Start(start) ?? throw new InvalidOperationException("node did not start."));
        example._process.OutputDataReceived += (_, e) => { if (e.Data is { } line) example._lines.Enqueue(line); };
        example._process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) example._errors.Enqueue(line); };
        example._process.BeginOutputReadLine();
        example._process.BeginErrorReadLine();
        return example;
    }

    /// <summary>Runs <paramref name="script"/> to its end and returns its output; fails when it fails.</summary>
    public static async Task<string> RunAsync(string script, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        await using var example = Start(script, args, environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await example._process.WaitForExitAsync(timeout.Token);
        example._process.WaitForExit(); // the last lines of the redirected streams
        Assert.True(example._process.ExitCode == 0, $"node {script} failed ({example._process.ExitCode}):\n{string.Join('\n', example._lines)}\n{string.Join('\n', example._errors)}");
        return string.Join('\n', example._lines);
    }

    /// <summary>Waits until <paramref name="done"/> holds for its lines, or fails with what it printed.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<string>, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!done(Lines))
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                Assert.Fail($"node exited ({_process.ExitCode}) before {what}. stdout:\n{string.Join('\n', _lines)}\nstderr:\n{string.Join('\n', _errors)}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}. It printed:\n{string.Join('\n', _lines)}\nstderr:\n{string.Join('\n', _errors)}");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits until it listens.</summary>
    public Task ListeningAsync() => WaitForAsync(_ => _lines.Any(l => l.StartsWith("listening:", StringComparison.Ordinal)), "it to listen");

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

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(string program, string[] args, string directory)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, ((await output) + (await errors)).Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{program}: {e.Message}");
        }
    }
}
