using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Tchek.Events.Testing;

/// <summary>
/// The simulator or a poller as a real process (Release build), for the bench and the chaos run:
/// its output in <c>logs/</c>, logging at Warning unless the settings say otherwise; killed,
/// paused and restarted (on the same port) at will.
/// </summary>
public sealed partial class AppProcess(string name, string logName, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    // Every process started and not yet disposed, for KillAll.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<AppProcess, bool> Started = new();

    private Process? _process;
    private StreamWriter? _log;

    private Uri? _url;

    public Uri Url => _url ?? throw new InvalidOperationException($"{logName} was never started.");

    public bool Running => _process is { HasExited: false };

    public int Pid => _process?.Id ?? throw new InvalidOperationException($"{logName} was never started.");

    /// <summary>Starts <paramref name="name"/> and waits until it answers <paramref name="readyPath"/>.</summary>
    public static async Task<AppProcess> StartAsync(string name, string logName, IReadOnlyDictionary<string, string> settings, string readyPath)
    {
        var app = new AppProcess(name, logName, settings);
        await app.StartAsync(readyPath);
        return app;
    }

    public static string RepoRoot { get; } = FindRoot();

    public static string Dll(string name) => Path.Combine(RepoRoot, "src", name, "bin", "Release", "net10.0", $"Tchek.Events.{name}.dll");

    /// <summary>Starts it (again, on the same port) and waits until it answers <paramref name="readyPath"/>.</summary>
    public async Task StartAsync(string readyPath, TimeSpan? timeout = null)
    {
        _url ??= new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet", [Dll(name), "--urls", Url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _log ??= new StreamWriter(Path.Combine(RepoRoot, "logs", logName), append: false) { AutoFlush = true };
        var log = _log;
        _process = Process.Start(start)!;
        Started[this] = true;
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{logName} exited with {_process.ExitCode}; see logs/{logName}.");
            }

            try
            {
                if ((await http.GetAsync(new Uri(Url, readyPath))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{logName} never answered {readyPath}; see logs/{logName}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Kills every process started here and not yet disposed, at once and synchronously: for a tool
    /// interrupted by a signal, whose own cleanup (a database, a vhost) must not race its apps.
    /// </summary>
    public static void KillAll()
    {
        foreach (var app in Started.Keys)
        {
            if (app._process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Signal(process.Id, SigKill);
            await process.WaitForExitAsync();
        }
    }

    public void Pause() => Signal(_process!.Id, SigStop);

    public void Resume() => Signal(_process!.Id, SigCont);

    public async ValueTask DisposeAsync()
    {
        Started.TryRemove(this, out _);
        if (_process is { HasExited: false } process)
        {
            Signal(process.Id, SigCont);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }
    }

    private const int SigKill = 9;
    private const int SigCont = 18;
    private const int SigStop = 19;

    private static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tchek.Events.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Run it from inside the repository.");
    }
}
