namespace Tchek.Events.Simulator.Tokens;

/// <summary>
/// With <c>Simulator:StatePath</c>: loads the tokens before answering (an unreadable file stops the start, untouched),
/// saves within <see cref="SaveDelay"/> of a change and at shutdown.
/// </summary>
internal sealed class TokenStatePersistence(TokenRegistry tokens, IOptions<SimulatorOptions> options, TimeProvider time, ILogger<TokenStatePersistence> log)
    : IHostedService
{
    /// <summary>Changes are saved together: a bulk creation is one write, not one per token.</summary>
    public static readonly TimeSpan SaveDelay = TimeSpan.FromSeconds(1);

    // Never disposed: without a timer it holds nothing to free, and StopAsync must find it usable however late it comes.
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _saveLock = new();
    private Task _saving = Task.CompletedTask;
    private long _saved = -1;

    private string? Path => options.Value.StatePath;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Path is not { } path)
        {
            return Task.CompletedTask;
        }

        var loaded = TokenStateFile.Load(path);
        tokens.Restore(loaded);
        _saved = tokens.Changes;
        log.LogInformation("Loaded {Count} tokens from {Path}", loaded.Count, path);
        _saving = SaveChangesAsync(path, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Path is not { } path || _saved < 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _saving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Save(path);
    }

    private async Task SaveChangesAsync(string path, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(SaveDelay, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    Save(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The next change tries again; the tokens in memory are unaffected.
                    log.LogError(e, "Saving the tokens to {Path} failed", path);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void Save(string path)
    {
        lock (_saveLock)
        {
            var changes = tokens.Changes;
            if (changes == _saved)
            {
                return;
            }

            var snapshot = tokens.Snapshot();
            TokenStateFile.Save(path, snapshot);
            _saved = changes;
            log.LogDebug("Saved {Count} tokens to {Path}", snapshot.Count, path);
        }
    }
}
