using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tchek.Events.Benchmarks;

/// <summary>The simulator and the poller as real processes, built in Release next to the bench.</summary>
internal sealed class App : IAsyncDisposable
{
    private readonly Process _process;

    private App(Process process, Uri url) => (_process, Url) = (process, url);

    public Uri Url { get; }

    public int Pid => _process.Id;

    public static async Task<App> StartAsync(string name, IDictionary<string, string> settings, string readyPath)
    {
        var port = FreePort();
        var dll = Path.Combine(Bench.RepoRoot, "src", name, "bin", "Release", "net10.0", $"Tchek.Events.{name}.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { errors.Enqueue(line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new App(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited: {string.Join('\n', errors)}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(app.Url, readyPath))).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{name} never became ready.");
            }

            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
