using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tchek.Events.IntegrationTests.Examples;

/// <summary>
/// examples/python-subscriber/subscriber.py as a process under /usr/bin/python3, against the test
/// broker: its stdout line by line, stderr kept for failure messages; killed on dispose.
/// </summary>
internal sealed class PythonSubscriber : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private PythonSubscriber(Process process) => _process = process;

    public static string Script => Path.Combine(AppProcess.RepoRoot, "examples", "python-subscriber", "subscriber.py");

    /// <summary>What it printed, the "listening" line excluded.</summary>
    public IReadOnlyList<string> Lines => [.. _lines.Where(l => !l.StartsWith("listening:", StringComparison.Ordinal))];

    /// <summary>Fails, saying how to install it, unless /usr/bin/python3 can import pika.</summary>
    public static async Task RequirePikaAsync()
    {
        const string Install = "install Debian's python3-pika (as root: apt-get install -y python3-pika; scripts/services.sh does it)";
        Assert.True(File.Exists(Python), $"{Python} is missing: the Python subscriber example needs it; {Install}");
        using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import pika"]) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = await check.StandardError.ReadToEndAsync();
        await check.WaitForExitAsync();
        Assert.True(check.ExitCode == 0, $"{Python} cannot import pika ({error.Trim()}): {Install}");
    }

    public static async Task<PythonSubscriber> StartAsync(Uri rabbitMqUri, string queue, string database)
    {
        var start = new ProcessStartInfo(Python, [Script, "--url", rabbitMqUri.ToString(), "--queue", queue, "--db", database])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var subscriber = new PythonSubscriber(Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start."));
        subscriber._process.OutputDataReceived += (_, e) => { if (e.Data is { } line) subscriber._lines.Enqueue(line); };
        subscriber._process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) subscriber._errors.Enqueue(line); };
        subscriber._process.BeginOutputReadLine();
        subscriber._process.BeginErrorReadLine();
        try
        {
            await subscriber.WaitForAsync(_ => subscriber._lines.Any(l => l.StartsWith("listening:", StringComparison.Ordinal)), "it to listen");
            return subscriber;
        }
        catch
        {
            await subscriber.DisposeAsync();
            throw;
        }
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
                Assert.Fail($"the Python subscriber exited ({_process.ExitCode}) before {what}. stderr:\n{string.Join('\n', _errors)}");
            }


            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}. It printed:\n{string.Join('\n', _lines)}\nstderr:\n{string.Join('\n', _errors)}");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        await _process.WaitForExitAsync();

        _process.Dispose();
    }
}
