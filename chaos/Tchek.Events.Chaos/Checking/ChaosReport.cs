namespace Tchek.Events.Chaos.Checking;

internal enum FindingKind
{
    /// <summary>An event the truth or the log says must exist was never delivered.</summary>
    Lost,

    /// <summary>A delivered event that neither the log nor the truth accounts for, or a copy that differs.</summary>
    Unexpected,

    /// <summary>A token's delivered sequences skip a number.</summary>
    Gap,

    /// <summary>A token's event arrived for the first time after a later one of the same token.</summary>
    OutOfOrder,

    /// <summary>A request reached the vendor before its <c>Retry-After</c> elapsed, or while another one for the token was being answered.</summary>
    Manners,
}

internal sealed record Finding(FindingKind Kind, string Uid, string What);

/// <summary>What the checker found: the counts the run is judged on, and each finding with its token.</summary>
internal sealed record ChaosReport(
    int Tokens,
    int Committed,
    int Delivered,
    int Deliveries,
    int Duplicates,
    int EarlyRequests,
    int Overlaps,
    IReadOnlyList<Finding> Findings)
{
    public int Count(FindingKind kind) => Findings.Count(f => f.Kind == kind);

    public bool Passed => Findings.Count == 0;
}
