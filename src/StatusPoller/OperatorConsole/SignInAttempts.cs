using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.OperatorConsole.Rules;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// Recent failed console sign-ins, per client address and for the whole instance, in memory (an
/// instance's own: each instance throttles what reaches it). The decision is
/// <see cref="SignInThrottle"/>'s. The instance-wide limit, <see cref="GlobalFactor"/> times the
/// per-address one, is a backstop against guessing from many addresses. Memory stays bounded: a
/// failure is recorded only when an attempt was allowed, so at most that many are kept.
/// </summary>
internal sealed class SignInAttempts(TimeProvider time, IOptionsMonitor<ConsoleOptions> options)
{
    public const int GlobalFactor = 20;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<DateTimeOffset>> _byClient = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> _all = [];

    /// <summary>Whether an attempt from <paramref name="client"/> may have its key checked now.</summary>
    public SignInVerdict Check(string client)
    {
        var (now, max, window) = Now();
        lock (_lock)
        {
            Prune(now, window);
            var own = SignInThrottle.Decide(_byClient.GetValueOrDefault(client, []), now, max, window);
            return own.Allowed ? SignInThrottle.Decide(_all, now, max * GlobalFactor, window) : own;
        }
    }

    /// <summary>Records a failed attempt from <paramref name="client"/>.</summary>
    public void Failed(string client)
    {
        var (now, _, window) = Now();
        lock (_lock)
        {
            Prune(now, window);
            if (!_byClient.TryGetValue(client, out var failures))
            {
                _byClient[client] = failures = [];
            }

            failures.Add(now);
            _all.Add(now);
        }
    }

    private (DateTimeOffset Now, int Max, TimeSpan Window) Now()
    {
        var current = options.CurrentValue;
        return (time.GetUtcNow(), current.MaxFailedSignIns, current.FailedSignInWindow);
    }

    private void Prune(DateTimeOffset now, TimeSpan window)
    {
        _all.RemoveAll(at => !SignInThrottle.Counts(at, now, window));
        foreach (var (client, failures) in _byClient)
        {
            failures.RemoveAll(at => !SignInThrottle.Counts(at, now, window));
            if (failures.Count == 0)
            {
                _byClient.Remove(client);
            }
        }
    }
}
