using System.Buffers;

namespace Tchek.Events.StatusPoller.Poll;

/// <summary>
/// Reads the whole answer inside the resilience pipeline, so one attempt's timeout covers a stalling body too. Bounded
/// by <see cref="UpstreamOptions.MaxResponseBytes"/>.
/// </summary>
internal sealed class BufferedAnswerHandler(IOptions<UpstreamOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            var max = options.Value.MaxResponseBytes;
            if (response.Content.Headers.ContentLength > max)
            {
                throw new AnswerTooLargeException(max);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream((int)(response.Content.Headers.ContentLength ?? 4096));
            var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    if (buffer.Length + read > max)
                    {
                        throw new AnswerTooLargeException(max);
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content.Dispose();
            response.Content = content;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

/// <summary>The vendor's answer is larger than <see cref="UpstreamOptions.MaxResponseBytes"/>: a failed poll, not retried in place.</summary>
internal sealed class AnswerTooLargeException(int max) : Exception($"answer larger than {max} bytes");
