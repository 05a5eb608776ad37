using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Tchek.Events.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>Tokens seeded before the hostile input, one in each stage.</summary>
public sealed record SeededTokens(string Active, string Completed, string Unopened, string Stopped)
{
    public string[] All => [Active, Completed, Unopened, Stopped];
}

/// <summary>
/// A poller behind real Kestrel, in Production as deployed, over seeded state that nothing changes
/// any more: tokens polled (one completed, one untracked), their events stored and published, and
/// nothing due for ten minutes. Tests fire hostile input at it and compare the stored state with
/// <see cref="Before"/>, its fingerprint.
/// </summary>
public abstract class HostileInputTestBase(ServicesFixture services, ITestOutputHelper output) : PollerTestBase(services)
{
    /// <summary>Fixed, so every run sends the same input; the variable <c>TCHEK_FUZZ_SEED</c> explores others.</summary>
    protected static readonly int FuzzSeed = int.TryParse(Environment.GetEnvironmentVariable("TCHEK_FUZZ_SEED"), out var seed) ? seed : 20_260_006;

    protected const int MaxBatchSize = 1_000;

    private static readonly Dictionary<string, string?> Quiet = new()
    {
        ["Polling:UnopenedInterval"] = "00:10:00",
        ["Polling:ActiveInterval"] = "00:10:00",
        ["Polling:CompletedInterval"] = "00:10:00",
        ["Polling:CompletedTail"] = "1.00:00:00",
        ["Api:MaxBatchSize"] = $"{MaxBatchSize}",
        // Hostile input sends hundreds of wrong keys and requests from one address: each answer, not the throttles (KeyGuessingTests, ApiScopeTests).
        ["Api:MaxFailedKeyChecks"] = "10000",
        ["Api:RateLimitPermits"] = "1000000",
    };

    protected ITestOutputHelper Output => output;

    protected PollerApp App { get; private set; } = null!;

    protected SeededTokens Seeded { get; private set; } = null!;

    protected StateFingerprint Before { get; private set; } = null!;

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        // Production: the framework answers bad requests itself there, where Development throws them.
        App = Own(new PollerApp(Settings(Quiet), web => web.UseEnvironment("Production")).StartedOnKestrel());
        Seeded = await SeedAsync();
        Before = await StateFingerprint.TakeAsync(Database);
    }

    /// <summary>
    /// Sends each request (with the API key unless <paramref name="client"/> says otherwise) and checks
    /// its answer and, after each one, that the stored state is still <see cref="Before"/>. Reports
    /// every wrong answer, up to the first change of state, with the seed that replays them.
    /// </summary>
    protected async Task SendAllAsync(IEnumerable<HostileRequest> requests, Func<HttpResponseMessage, string?>? expect = null, HttpClient? client = null)
    {
        using var api = App.CreateApiClient();
        var failures = new List<string>();
        var answers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var sent = 0;
        foreach (var request in requests)
        {
            using var message = request.Create();
            using var response = await (client ?? api).SendAsync(message);
            var answer = $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType ?? (Answers.RefusedByKestrel(response) ? "from Kestrel" : "without a body")}";
            answers[answer] = answers.GetValueOrDefault(answer) + 1;
            if ((request.Expect ?? expect ?? Answers.AFourHundredProblem)(response) is { } failure)
            {
                failures.Add($"#{sent} {request.Name}: {failure}");
            }

            var after = await StateFingerprint.TakeAsync(Database);
            if (after.Digest != Before.Digest)
            {
                failures.Add($"#{sent} {request.Name}: answered {(int)response.StatusCode} and changed the stored state:\n{after.ChangesSince(Before)}");
                break;
            }

            sent++;
        }

        output.WriteLine($"Seed {FuzzSeed}: {sent} requests; answers {string.Join(", ", answers.Select(a => $"{a.Key} ×{a.Value}"))}");
        Assert.True(failures.Count == 0, $"Seed {FuzzSeed} (TCHEK_FUZZ_SEED replays it): {failures.Count} wrong answers:\n{string.Join('\n', failures.Take(25))}");
    }

    protected async Task AssertUnchangedAsync(string after)
    {
        var now = await StateFingerprint.TakeAsync(Database);
        Assert.True(now.Digest == Before.Digest, $"Seed {FuzzSeed}: {after} changed the stored state:\n{now.ChangesSince(Before)}");
    }

    /// <summary>Waits until the poller is ready, its bus endpoints bound.</summary>
    protected async Task WaitUntilReadyAsync()
    {
        using var client = App.CreateClient();
        await EventuallyAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, "the poller to be ready");
    }

    private async Task<SeededTokens> SeedAsync()
    {
        using var api = App.CreateApiClient();
        var seeded = new SeededTokens(NewUid(), NewUid(), NewUid(), NewUid());
        Vendor.Set(seeded.Active, 2);
        Vendor.Set(seeded.Completed, 5, percentDamage: 12.5m);
        Vendor.Set(seeded.Unopened, 0);
        Vendor.Set(seeded.Stopped, 1);
        var metadata = new Dictionary<string, string> { ["dealer"] = "lyon" };
        (await api.PostAsJsonAsync("/tokens", new { uid = seeded.Active, externalReference = "lead-1", metadata })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/tokens/batch", new { tokens = new[] { seeded.Completed, seeded.Unopened, seeded.Stopped }.Select(uid => new { uid }) })).EnsureSuccessStatusCode();
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens WHERE last_polled_at IS NOT NULL") == 4, "the first polls");
        (await api.DeleteAsync($"/tokens/{seeded.Stopped}")).EnsureSuccessStatusCode();

        await EventuallyAsync(
            async () => await ScalarAsync<bool>("""
                SELECT NOT EXISTS (SELECT FROM tracked_tokens WHERE state = 0 AND next_poll_at < now() + interval '1 minute')
                   AND NOT EXISTS (SELECT FROM token_events WHERE published_at IS NULL)
                """),
            "every event published and no token due");
        var stored = await ScalarAsync<long>("SELECT count(*) FROM token_events");
        await Sink.WaitUntilAsync(r => r.Count >= stored, TimeSpan.FromSeconds(20), $"the {stored} stored events");
        return seeded;
    }
}
