using System.Net.Sockets;
using System.Text;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>
/// A chunked upload over a bare socket, reading the answer while still writing. An HTTP client
/// stops at its first failed write and never sees the answer, but a server that refuses a body
/// half-way (Kestrel at its size limit) answers first and then closes: this reads that answer.
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string Head)> PostChunkedAsync(Uri server, string path, string apiKey, string bodyStart, int bodyBytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var reading = ReadHeadAsync(stream);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nX-Api-Key: {apiKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
            var chunk = Encoding.ASCII.GetBytes($"{16 * 1024:x}\r\n{new string('r', 16 * 1024)}\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bodyStart.Length:x}\r\n{bodyStart}\r\n"));
            for (var sent = 0; sent < bodyBytes && !reading.IsCompleted; sent += 16 * 1024)
            {
                await stream.WriteAsync(chunk);
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes("0\r\n\r\n"));
        }
        catch (IOException)
        {
            // The server closed the connection on the rest of the body: its answer is already on the way.
        }

        var head = await reading.WaitAsync(TimeSpan.FromSeconds(20));
        return (int.Parse(head.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture), head);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return head.ToString();
    }
}
