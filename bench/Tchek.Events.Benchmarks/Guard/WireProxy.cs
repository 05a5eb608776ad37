using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Tchek.Events.Benchmarks.Guard;

/// <summary>
/// A loopback relay in front of PostgreSQL that counts what crosses it (<see cref="WireCounts"/>). It
/// answers a client's request for TLS or GSS encryption with "no", so the conversation stays readable;
/// a client that insists on TLS fails to connect.
/// </summary>
internal sealed class WireProxy : IAsyncDisposable
{
    private const int SslRequest = 80877103;
    private const int GssEncRequest = 80877104;

    private readonly TcpListener _listener;
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = [];

    private WireProxy(TcpListener listener, string host, int port, WireCounts counts)
    {
        _listener = listener;
        _host = host;
        _port = port;
        Counts = counts;
    }

    public WireCounts Counts { get; }

    /// <summary>Starts a relay to the server <paramref name="database"/> names; returns it and the connection string through it.</summary>
    public static (WireProxy Proxy, string ConnectionString) Start(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var proxy = new WireProxy(listener, builder.Host ?? "127.0.0.1", builder.Port, new WireCounts());
        _ = proxy.AcceptAsync();
        var through = new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port };
        return (proxy, through.ConnectionString);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var server = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        lock (_sockets)
        {
            _sockets.Add(client);
            _sockets.Add(server);
        }

        try
        {
            var fromClient = client.GetStream();
            var first = new byte[8];
            while (true)
            {
                await fromClient.ReadExactlyAsync(first, _stop.Token);
                var code = BinaryPrimitives.ReadInt32BigEndian(first.AsSpan(4));
                if (BinaryPrimitives.ReadInt32BigEndian(first) != 8 || code is not (SslRequest or GssEncRequest))
                {
                    break;
                }

                await fromClient.WriteAsync("N"u8.ToArray(), _stop.Token);
            }

            await server.ConnectAsync(_host, _port, _stop.Token);
            var toServer = server.GetStream();
            var conversation = Counts.Open();
            conversation.FromClient(first);
            await toServer.WriteAsync(first, _stop.Token);
            await Task.WhenAny(
                PumpAsync(fromClient, toServer, conversation, fromClientSide: true),
                PumpAsync(toServer, fromClient, conversation, fromClientSide: false));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or EndOfStreamException or ObjectDisposedException)
        {
            // A side closed: so does the other.
        }
        finally
        {
            client.Dispose();
            lock (_sockets)
            {
                _sockets.Remove(client);
                _sockets.Remove(server);
            }
        }
    }

    // Counted before forwarded: the counts see each message before anything can answer it. What the socket
    // already holds goes with what was read, so a client's write (BEGIN and the statement it precedes, say)
    // reaches the server whole, and no answer to its first part can come before its last.
    private async Task PumpAsync(NetworkStream from, NetworkStream to, WireCounts.Conversation conversation, bool fromClientSide)
    {
        var buffer = new byte[1024 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            while (read < buffer.Length && from.DataAvailable)
            {
                read += from.Read(buffer, read, buffer.Length - read);
            }

            Count(conversation, buffer, read, fromClientSide);
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private static void Count(WireCounts.Conversation conversation, byte[] buffer, int read, bool fromClientSide)
    {
        if (fromClientSide)
        {
            conversation.FromClient(buffer.AsSpan(0, read));
        }
        else
        {
            conversation.FromServer(buffer.AsSpan(0, read));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_sockets)
        {
            _sockets.ForEach(s => s.Dispose());
            _sockets.Clear();
        }

        _stop.Dispose();
    }
}
