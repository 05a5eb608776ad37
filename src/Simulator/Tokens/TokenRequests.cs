namespace Tchek.Events.Simulator.Tokens;

/// <summary>How one token was asked for: the poller's manners, counted.</summary>
internal sealed class TokenRequests
{
    private readonly Lock _lock = new();
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;

    public int Count { get; private set; }

    /// <summary>Requests that came while another one for the same token was being answered.</summary>
    public int Overlaps { get; private set; }

    /// <summary>Requests that came before a Retry-After we gave had elapsed.</summary>
    public int EarlyRequests { get; private set; }

    public int InFlight { get; private set; }

    public DateTimeOffset? LastAt { get; private set; }

    public void Started(DateTimeOffset at)
    {
        lock (_lock)
        {
            Count++;
            LastAt = at;
            if (InFlight++ > 0)
            {
                Overlaps++;
            }

            if (at < _notBefore)
            {
                EarlyRequests++;
            }
        }
    }

    public void Finished()
    {
        lock (_lock)
        {
            InFlight--;
        }
    }

    public void RetryAfterGiven(DateTimeOffset notBefore)
    {
        lock (_lock)
        {
            _notBefore = notBefore > _notBefore ? notBefore : _notBefore;
        }
    }
}
