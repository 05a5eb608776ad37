namespace Tchek.Events.Simulator.Api;

/// <summary>Creates and removes tokens, shows the settings, changes faults at run time, and reports how the poller behaved.</summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin");
        admin.MapPost("/tokens", Create);
        admin.MapPost("/tokens/bulk", CreateMany);
        admin.MapGet("/tokens/{uid}", Get);
        admin.MapDelete("/tokens/{uid}", (string uid, TokenRegistry tokens) => tokens.Remove(uid) ? Results.NoContent() : Results.NotFound());
        admin.MapGet("/settings", Settings);
        admin.MapGet("/lives", Lives);
        admin.MapGet("/stats", Stats);
        admin.MapGet("/faults", (FaultSettings faults) => Results.Ok(faults.Current));
        admin.MapPut("/faults", (FaultOptions body, FaultSettings faults) =>
            faults.Replace(body) is { Count: > 0 } errors
                ? Results.ValidationProblem(errors.ToDictionary(e => e.MemberNames.FirstOrDefault() ?? "faults", e => new[] { e.ErrorMessage ?? "invalid" }))
                : Results.Ok(faults.Current));
        return app;
    }

    /// <summary>
    /// Body of <c>POST /admin/tokens</c>: a uid (or one is made up) and steps (or a random life; <c>sample</c> for the quick start's),
    /// valid for <see cref="ValidFor"/> in simulated time (default <c>Simulator:ValidFor</c>).
    /// </summary>
    internal sealed record CreateToken(string? Uid, List<LifecycleStep>? Steps, bool Sample = false, TimeSpan? SampleStep = null, TimeSpan? ValidFor = null);

    /// <summary>
    /// Body of <c>POST /admin/tokens/bulk</c>: that many random lives; or, for benchmarks, tokens
    /// that stay at <see cref="Status"/> forever, or that change at every request (<see cref="Flapping"/>).
    /// </summary>
    internal sealed record CreateTokens(int Count, int? Status = null, bool Flapping = false);

    private static IResult Create(CreateToken body, TokenRegistry tokens)
    {
        if (body.Uid is not null && (body.Uid.Length is < 3 or > 64 || !body.Uid.All(char.IsAsciiLetterOrDigit)))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["uid"] = ["3 to 64 letters or digits."] });
        }

        var steps = body.Sample ? RandomLifecycles.Sample(body.SampleStep ?? TimeSpan.FromSeconds(4)) : body.Steps;
        if (steps is not null && Lifecycle.Validate(steps) is { } error)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["steps"] = [error] });
        }

        if (body.ValidFor is { } validFor && validFor <= TimeSpan.Zero)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["validFor"] = ["A positive duration."] });
        }

        var token = tokens.Create(body.Uid, steps, validFor: body.ValidFor);
        return token is null
            ? Results.Conflict(new { error = $"Token {body.Uid} exists." })
            : Results.Created($"/admin/tokens/{token.Uid}", View(token, tokens));
    }

    private static IResult CreateMany(CreateTokens body, TokenRegistry tokens)
    {
        if (body.Count is < 1 or > 1_000_000)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["count"] = ["1 to 1,000,000."] });
        }

        if (body.Status is < 0 or > 6)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["0..6."] });
        }

        IReadOnlyList<LifecycleStep>? steps = body.Status is { } status ? [new LifecycleStep(TimeSpan.Zero, status)] : null;
        var uids = new List<string>(body.Count);
        while (uids.Count < body.Count)
        {
            if (tokens.Create(null, steps, body.Flapping) is { } token)
            {
                uids.Add(token.Uid);
            }
        }

        return Results.Ok(new { uids });
    }

    /// <summary>
    /// <c>GET /admin/lives?family=prompt&amp;count=100&amp;seed=1</c>: that family's lives (start, steps, validity,
    /// in simulated time), the same for the same seed; creates nothing (the efficiency bench creates each twice).
    /// </summary>
    private static IResult Lives(string? family, int? count, int? seed)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.TryParse<LifeFamily>(family, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            errors["family"] = [$"One of {string.Join(", ", Enum.GetNames<LifeFamily>())}."];
        }

        if (count is not (>= 1 and <= 100_000))
        {
            errors["count"] = ["1 to 100,000."];
        }

        return errors.Count > 0 ? Results.ValidationProblem(errors) : Results.Ok(LifeFamilies.Generate(parsed, count!.Value, seed ?? 1));
    }

    private static IResult Get(string uid, TokenRegistry tokens) =>
        tokens.TryGet(uid, out var token) ? Results.Ok(View(token, tokens)) : Results.NotFound();

    /// <summary>
    /// <c>GET /admin/settings</c>: the speed and the other <c>Simulator:*</c> settings that shape new lives, and the
    /// faults in force (as <c>GET /admin/faults</c>).
    /// </summary>
    private static IResult Settings(IOptions<SimulatorOptions> options, FaultSettings faults) => Results.Ok(new
    {
        options.Value.Speed,
        options.Value.MeanStep,
        options.Value.ValidFor,
        options.Value.Seed,
        Faults = faults.Current,
    });

    private static IResult Stats(TokenRegistry tokens)
    {
        var all = tokens.AllRequests.Select(kv => kv.Value).ToList();
        return Results.Ok(new
        {
            tokens = tokens.Count,
            requests = all.Sum(r => r.Count),
            overlaps = all.Sum(r => r.Overlaps),
            earlyRequests = all.Sum(r => r.EarlyRequests),
        });
    }

    private static object View(SimulatedToken token, TokenRegistry tokens)
    {
        var requests = tokens.Requests(token.Uid);
        var elapsed = tokens.Elapsed(token);
        return new
        {
            token.Uid,
            token.CreatedAt,
            // The true history so far, in real time: what a checker compares the events with.
            history = token.Steps.Where(s => s.At <= elapsed).Select(s => new { at = token.CreatedAt + s.At, s.Status, s.Expired, s.PercentDamage }),
            steps = token.Steps.Select(s => new { at = token.CreatedAt + s.At, s.Status, s.Expired, s.PercentDamage }),
            current = Lifecycle.StepAt(token.Steps, elapsed),
            requests = new { requests.Count, requests.Overlaps, requests.EarlyRequests, requests.LastAt },
        };
    }
}
