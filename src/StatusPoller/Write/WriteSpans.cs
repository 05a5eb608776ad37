using System.Diagnostics;

namespace Tchek.Events.StatusPoller.Write;

/// <summary>
/// The spans of one write transaction, one <c>write</c> per traced token: its statements go under the first and the
/// others link to it. Start and stop in the same async method: starting sets the current activity.
/// </summary>
internal sealed class WriteSpans
{
    private readonly IReadOnlyList<TokenWrite> _writes;
    private readonly Activity?[] _spans;

    private WriteSpans(IReadOnlyList<TokenWrite> writes, Activity?[] spans) => (_writes, _spans) = (writes, spans);

    /// <summary>Whether any of <paramref name="writes"/> was traced: when none was (tracing off), there is nothing to start.</summary>
    public static bool Any(List<TokenWrite> writes) => writes.Exists(w => w.Trace != default);

    /// <summary>Starts the spans; null when no listener sampled any.</summary>
    public static WriteSpans? Start(IReadOnlyList<TokenWrite> writes)
    {
        Activity?[]? spans = null;
        Activity? first = null;
        for (var i = 0; i < writes.Count; i++)
        {
            if (writes[i].Trace == default || PollerTracing.StartWrite(writes[i].Claim.Uid, writes[i].Trace, writes.Count) is not { } span)
            {
                continue;
            }

            spans ??= new Activity?[writes.Count];
            spans[i] = span;
            if (first is null)
            {
                first = span;
            }
            else if (span.IsAllDataRequested)
            {
                span.AddLink(new ActivityLink(first.Context));
            }
        }

        if (spans is null)
        {
            return null;
        }

        Activity.Current = first;
        return new WriteSpans(writes, spans);
    }

    /// <summary>The transaction committed: each write was applied, or refused because its claim was lost.</summary>
    public void Written(List<TokenWrite> lost)
    {
        for (var i = 0; i < _spans.Length; i++)
        {
            if (_spans[i] is { } span)
            {
                var write = _writes[i];
                PollerTracing.Written(span, lost.Exists(l => ReferenceEquals(l, write)), write.Decision.Events.Count);
            }
        }
    }

    /// <summary>The transaction failed: nothing of it was written.</summary>
    public void Failed(Exception ex)
    {
        foreach (var span in _spans)
        {
            if (span is { IsAllDataRequested: true })
            {
                span.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            }
        }

        _spans.FirstOrDefault(s => s is not null)?.AddException(ex);
    }

    /// <summary>Stops the spans, the last started first, which leaves the current activity as it was before <see cref="Start"/>.</summary>
    public void Stop()
    {
        for (var i = _spans.Length - 1; i >= 0; i--)
        {
            _spans[i]?.Stop();
        }
    }
}
