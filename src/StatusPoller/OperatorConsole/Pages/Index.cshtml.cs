using Tchek.Events.StatusPoller.OperatorConsole.Overview;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>
/// The overview (<c>/console</c>): the pipeline's figures and their last hour, from the sampled
/// history in memory (<see cref="OverviewSampler"/>); rendered on the server, a refresh updates it.
/// </summary>
internal sealed class IndexModel(
    OverviewHistory history, UpstreamGate gate, UpstreamHealthState upstream, PollerInstance instance, IOptions<ConsoleOptions> options, TimeProvider time,
    RequestBudgets budgets) : PageModel
{
    /// <summary>The sparklines' size in SVG units (stretched to the section's width).</summary>
    public const double ChartWidth = 300;
    public const double ChartHeight = 40;

    public OverviewPage Overview { get; private set; } = null!;

    /// <summary>The vendor's health: the open episode (every instance sees it) and this instance's window.</summary>
    public UpstreamHealthStatus Upstream { get; private set; } = UpstreamHealthStatus.Unknown;

    public void OnGet()
    {
        Upstream = upstream.Current;
        var (samples, counts) = history.Read();
        Overview = OverviewFigures.Build(
            samples, counts, gate.ClosedUntil, time.GetUtcNow(), instance.Id, OverviewFigures.MaxGap(options.Value.SampleInterval), WordsOf, budgets.Budget);
    }

    // The counts say -1 for a token with no snapshot yet.
    private static string WordsOf(int status) => StatusWords.Of(status < 0 ? null : status);

    public string ChartPath(Figure figure) => Sparkline.Path(figure.Chart, Overview.From, Overview.To, ChartWidth, ChartHeight);
}
