namespace Tchek.Events.StatusPoller.Claim;

/// <summary>
/// The owner of <c>request_budgets</c>: one row shared by every instance, changed only if its version is unchanged
/// (<see cref="BudgetBucket"/> decides), so no lock is held while deciding.
/// </summary>
internal sealed class RequestBudgets(NpgsqlDataSource dataSource, IOptions<UpstreamOptions> options, TimeProvider time)
{
    private const string Vendor = "vendor";

    // Contention is a few instances claiming at once: a handful of retries at most.
    private const int MaxAttempts = 20;

    /// <summary>The budget, or null when none is set (then nothing here is ever called).</summary>
    public RequestBudget? Budget { get; } = RequestBudget.Of(options.Value.RequestBudgetPerDay, options.Value.RequestBudgetBurst);

    /// <summary>Takes up to <paramref name="wanted"/> polls from the shared bucket.</summary>
    public async Task<(BudgetGrant Grant, BudgetBucket Bucket)> TakeAsync(int wanted, CancellationToken ct)
    {
        var budget = Required();
        BudgetGrant grant = default;
        var bucket = await ChangeAsync(
            (current, now) =>
            {
                (var after, grant) = current.Take(budget, wanted, now);
                return after;
            }, ct);
        return (grant, bucket);
    }

    /// <summary>Gives back what <paramref name="grant"/> allowed and <paramref name="used"/> did not take.</summary>
    public async Task RefundAsync(BudgetGrant grant, int used, CancellationToken ct)
    {
        if (used < grant.Granted)
        {
            var budget = Required();
            await ChangeAsync((current, _) => current.Refund(budget, grant.Granted, used), ct);
        }
    }

    /// <summary>The bucket as of now (refilled, not written), or null when no claim has made it yet.</summary>
    public async Task<BudgetBucket?> ReadAsync(CancellationToken ct)
    {
        var budget = Required();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await ReadAsync(connection, ct))?.Bucket.Refilled(budget, time.GetUtcNow());
    }

    private RequestBudget Required() => Budget ?? throw new InvalidOperationException("No request budget is set (Tchek:RequestBudgetPerDay).");

    private async Task<BudgetBucket> ChangeAsync(Func<BudgetBucket, DateTimeOffset, BudgetBucket> change, CancellationToken ct)
    {
        var budget = Required();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var read = await ReadAsync(connection, ct);
            var after = change(read?.Bucket ?? BudgetBucket.Full(budget, now), now);
            if (await WriteAsync(connection, after, read?.Version, ct))
            {
                return after;
            }
        }

        throw new InvalidOperationException($"The request budget changed under every one of {MaxAttempts} attempts to take from it.");
    }

    private static async Task<(BudgetBucket Bucket, long Version)?> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand("SELECT micro_polls, refilled_at, charged, version FROM request_budgets WHERE name = @name", connection);
        select.Parameters.AddWithValue("name", Vendor);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (new BudgetBucket(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2)), reader.GetInt64(3))
            : null;
    }

    // The first claim ever makes the row; a second doing so at once conflicts, and reads it again.
    private static async Task<bool> WriteAsync(NpgsqlConnection connection, BudgetBucket bucket, long? version, CancellationToken ct)
    {
        await using var write = new NpgsqlCommand(version is null
            ? """
              INSERT INTO request_budgets (name, micro_polls, refilled_at, charged, version)
              VALUES (@name, @micro_polls, @refilled_at, @charged, 1)
              ON CONFLICT (name) DO NOTHING
              """
            : """
              UPDATE request_budgets SET micro_polls = @micro_polls, refilled_at = @refilled_at, charged = @charged, version = version + 1
              WHERE name = @name AND version = @version
              """, connection);
        write.Parameters.AddWithValue("name", Vendor);
        write.Parameters.AddWithValue("micro_polls", bucket.MicroPolls);
        write.Parameters.AddWithValue("refilled_at", bucket.RefilledAt);
        write.Parameters.AddWithValue("charged", bucket.Charged);
        write.Parameters.AddWithValue("version", version ?? 0);
        return await write.ExecuteNonQueryAsync(ct) == 1;
    }
}
