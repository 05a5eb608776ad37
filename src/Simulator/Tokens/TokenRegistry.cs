using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Tchek.Events.Simulator.Lifecycles;

namespace Tchek.Events.Simulator.Tokens;

/// <summary>The simulated tokens and their request accounting. Lifecycles are stored in real time (scaled by the speed at creation).</summary>
internal sealed class TokenRegistry(TimeProvider time, Random random, IOptions<SimulatorOptions> options)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly ConcurrentDictionary<string, SimulatedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenRequests> _requests = new(StringComparer.Ordinal);
    private readonly Lock _randomLock = new();

    public int Count => _tokens.Count;

    /// <summary>Creates a token with <paramref name="steps"/> in simulated time, or a random life. Null when the uid is taken.</summary>
    public SimulatedToken? Create(string? uid, IReadOnlyList<LifecycleStep>? steps, bool flapping = false)
    {
        lock (_randomLock)
        {
            uid ??= "T" + Random(7, "ABCDEF0123456789");
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
                options.Value.ValidFor / speed,
                flapping);
            return _tokens.TryAdd(uid, token) ? token : null;
        }
    }

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
