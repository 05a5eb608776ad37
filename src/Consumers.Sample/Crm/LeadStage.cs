namespace Tchek.Events.Consumers.Sample.Crm;

/// <summary>A CRM lead's stages, in order. A lead only moves forward.</summary>
internal enum LeadStage
{
    LinkSent = 0,
    InspectionStarted = 1,
    PicturesReceived = 2,
    ReportReady = 3,
    LinkExpired = 4,
}

/// <summary>Where an event moves a lead. Pure.</summary>
internal static class LeadStages
{
    /// <summary>The lead's next stage after <paramref name="evt"/>, or null when the event does not move it.</summary>
    public static LeadStage? Next(LeadStage? current, ITokenEvent evt)
    {
        LeadStage? target = evt switch
        {
            InspectionStarted => LeadStage.InspectionStarted,
            PicturesCompleted => LeadStage.PicturesReceived,
            InspectionCompleted => LeadStage.ReportReady,
            // An expired link matters only while no report came.
            TokenExpired when current is not LeadStage.ReportReady => LeadStage.LinkExpired,
            _ => null,
        };
        return target is { } t && (current is not { } c || t > c) ? t : null;
    }

    /// <summary>The line a salesperson sees on the lead's timeline, or null for events they need not see.</summary>
    public static string? Activity(ITokenEvent evt) => evt switch
    {
        InspectionStarted => "Customer opened the inspection link",
        PicturesCompleted => "Customer sent all pictures",
        InspectionCompleted c => $"Inspection report ready (damage {c.PercentDamage?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"}%)",
        ChaseUpSent => "Customer was chased up",
        TokenExpired => "Inspection link expired",
        _ => null,
    };
}
