namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>
/// One figure of the overview, ready to render. What the chart shows (<c>Charted</c>) also starts the
/// chart's text alternative.
/// </summary>
internal sealed record Figure(string Key, string Title, string Now, IReadOnlyList<string> Details, string Charted, IReadOnlyList<ChartPoint> Chart)
{
    /// <summary>Whether the figure is this instance's own (the others are database-wide).</summary>
    public bool PerInstance { get; init; }

    /// <summary>What the details list, when they need saying.</summary>
    public string? DetailsCaption { get; init; }
}

/// <summary>The overview page: its figures over [<see cref="From"/>, <see cref="To"/>].</summary>
internal sealed record OverviewPage(string InstanceId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<Figure> Figures);
