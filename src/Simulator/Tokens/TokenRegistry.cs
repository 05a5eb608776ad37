using System.Collections.Concurrent;

namespace Tchek.Events.Simulator.Tokens;

/// <summary>The simulated tokens and their request accounting. Lifecycles are stored in real time (scaled by the speed at creation).</summary>
internal sealed class TokenRegistry(TimeProvider time, Random random, IOptions<SimulatorOptions> options)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly ConcurrentDictionary<string, SimulatedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenRequests> _requests = new(StringComparer.Ordinal);
    private readonly Lock _randomLock = new();
    private long _changes;

    public int Count => _tokens.Count;

    /// <summary>How many times tokens were created, restored or removed so far: what <see cref="TokenStatePersistence"/> watches.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>
    /// Creates a token with <paramref name="steps"/> in simulated time, or a random life, valid for <paramref name="validFor"/>
    /// in simulated time (default <see cref="SimulatorOptions.ValidFor"/>). Null when the uid is taken.
    /// </summary>
    public SimulatedToken? Create(string? uid, IReadOnlyList<LifecycleStep>? steps, bool flapping = false, TimeSpan? validFor = null)
    {
        var generated = uid is null;
        lock (_randomLock)
        {
            // A free one: with a fixed seed, a restart would draw the uids of restored tokens again.
            while (uid is null || (generated && _tokens.ContainsKey(uid)))
            {
                uid = "T" + Random(7, "ABCDEF0123456789");
            }

            steps ??= RandomLifecycles.Generate(random, options.Value.MeanStep);
            var speed = options.Value.Speed;
            var token = new SimulatedToken(
                uid,
                time.GetUtcNow(),
                [.. steps.Select(s => s with { At = s.At / speed })],
                Random(10),
                Random(10),
                Random(10),
                Random(10),
                Random(10),
                Random(10),
                random.Next(0, 3),
                (validFor ?? options.Value.ValidFor) / speed,
                flapping);
            if (!_tokens.TryAdd(uid, token))
            {
                return null;
            }

            Interlocked.Increment(ref _changes);
            return token;
        }
    }

    /// <summary>Adds tokens as they were saved (their times and ids unchanged); a uid already present keeps its token.</summary>
    public void Restore(IEnumerable<SimulatedToken> tokens)
    {
        foreach (var token in tokens)
        {
            _tokens.TryAdd(token.Uid, token);
        }

        Interlocked.Increment(ref _changes);
    }

    /// <summary>Forgets a token and its request counts; false when there is no such token.</summary>
    public bool Remove(string uid)
    {
        if (!_tokens.TryRemove(uid, out _))
        {
            return false;
        }

        _requests.TryRemove(uid, out _);
        Interlocked.Increment(ref _changes);
        return true;
    }

    /// <summary>Every token, as of now.</summary>
    public IReadOnlyList<SimulatedToken> Snapshot() => [.. _tokens.Values];

    public bool TryGet(string uid, out SimulatedToken token) => _tokens.TryGetValue(uid, out token!);

    public TokenRequests Requests(string uid) => _requests.GetOrAdd(uid, _ => new TokenRequests());

    public IEnumerable<KeyValuePair<string, TokenRequests>> AllRequests => _requests;

    public TimeSpan Elapsed(SimulatedToken token) => time.GetUtcNow() - token.CreatedAt;

    private string Random(int length, string alphabet = Alphabet) =>
        string.Create(length, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[random.Next(chars.Length)];
            }
        });
}
