namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>
/// Samples the overview's figures every <see cref="ConsoleOptions.SampleInterval"/>, per instance. Token
/// counts read every tracked token, so only every <see cref="OverviewFigures.TokenCountEvery"/>th sample takes them.
/// </summary>
internal sealed partial class OverviewSampler(
    OverviewHistory history,
    PollerCounters counters,
    UpstreamGate gate,
    TrackedTokens tokens,
    EventLog log,
    RelayLeadership relay,
    RequestBudgets budgets,
    IOptions<ConsoleOptions> options,
    TimeProvider time,
    ILogger<OverviewSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        do
        {
            await SampleAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false) is true);
    }

    private TokenCounts? _counts;
    private long _samples;

    private async Task SampleAsync(CancellationToken ct)
    {
        DatabaseFigures? database = null;
        try
        {
            // The token counts read every tracked token: every few samples only (a minute at the default).
            if (_counts is null || _samples % OverviewFigures.TokenCountEvery == 0)
            {
                _counts = await tokens.CountByStatusAsync(OverviewFigures.StoppedLimit, ct);
            }

            var (backlog, oldest) = await log.BacklogAsync(ct);
            var holder = await relay.HolderAsync(ct);
            // The budget's one row, by its key, when a budget is set.
            var bucket = budgets.Budget is null ? null : await budgets.ReadAsync(ct);
            database = new DatabaseFigures(_counts.TrackingTotal, _counts.StoppedTotal, backlog, oldest is { } at ? time.GetUtcNow() - at : TimeSpan.Zero, holder)
            {
                Budget = bucket is { } b ? new BudgetReading(b.Charged, b.Available) : null,
            };
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogDatabaseUnread(ex);
        }

        _samples++;
        history.Add(OverviewSample.Take(time.GetUtcNow(), counters.Read(), gate.ClosedUntil, database), _counts);
    }

    [LoggerMessage(LogLevel.Warning, "The console's overview could not read the database figures; this sample has none")]
    private partial void LogDatabaseUnread(Exception ex);
}
