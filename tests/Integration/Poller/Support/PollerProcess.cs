using System.Diagnostics;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>
/// The poller as a separate OS process, so a test can kill it the hard way (SIGKILL) or freeze it
/// (SIGSTOP), as a crash or a long pause would.
/// </summary>
public sealed class PollerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private PollerProcess(Process process, System.Collections.Concurrent.ConcurrentQueue<string> output) => (_process, _output) = (process, output);

    /// <summary>What the process wrote on stdout and stderr, line by line.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Waits until the process exits by itself, at most <paramref name="timeout"/>; returns its exit code, or null if it still runs.</summary>
    public async Task<int?> ExitCodeWithinAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static PollerProcess Start(IDictionary<string, string?> settings)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Tchek.Events.StatusPoller.dll");
        var start = new ProcessStartInfo("dotnet", [assembly, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The poller process did not start.");
        // Drain the pipes so a chatty process never blocks on a full buffer; keep the lines for tests that read them.
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => { if (line.Data is { } data) output.Enqueue(data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } data) output.Enqueue(data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PollerProcess(process, output);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    private int _disposed;

    /// <summary>Kills the process once, however often it is called.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Resume();
        }

        await KillAsync();
        _process.Dispose();
    }
}
