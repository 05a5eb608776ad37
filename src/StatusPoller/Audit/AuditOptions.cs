namespace Tchek.Events.StatusPoller.Audit;

/// <summary>Section <c>Audit</c>: how long the audit trail keeps its entries.</summary>
internal sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// How long an audit entry is kept: the active instance's housekeeping deletes older ones at
    /// each pass.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "10675199.02:48:05.4775807", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true, ErrorMessage = Section + ":{0} must be at least {1}.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);
}
