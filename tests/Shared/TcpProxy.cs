using System.Net;
using System.Net.Sockets;

namespace Tchek.Events.Testing;

/// <summary>
/// A loopback TCP relay in front of a real service, so a test (or the chaos run) can make the service unreachable
/// for one client (<see cref="Cut"/>: every connection dropped, new ones refused) and bring it back
/// (<see cref="Restore"/>) without touching the service other tests share.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cts = new();

    private TcpProxy(string upstreamHost, int upstreamPort, int port)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        Port = port;
    }

    public int Port { get; }

    public static TcpProxy Start(string upstreamHost, int upstreamPort)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var proxy = new TcpProxy(upstreamHost, upstreamPort, ((IPEndPoint)listener.LocalEndpoint).Port);
        proxy.Listen(listener);
        return proxy;
    }

    public void Cut()
    {
        _cts.Cancel();
        _listener?.Stop();
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
            _connections.Clear();
        }
    }

    public void Restore()
    {
        _cts = new CancellationTokenSource();
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Listen(listener);
    }

    private void Listen(TcpListener listener)
    {
        _listener = listener;
        var ct = _cts.Token;
        _ = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(ct);
                }
                catch (Exception)
                {
                    return;
                }

                _ = RelayAsync(client, ct);
            }
        }, ct);
    }

    private async Task RelayAsync(TcpClient client, CancellationToken ct)
    {
        var upstream = new TcpClient();
        lock (_connections)
        {
            _connections.Add(client);
            _connections.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort, ct);
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, ct), b.CopyToAsync(a, ct));
        }
        catch (Exception)
        {
            // A cut or a closed side ends the relay.
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
