using Tchek.Events.Contracts;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>
/// A compact spelling of an event list for table-driven tests: T tracked, S status changed,
/// 1..5 milestones (a trailing * marks an inferred one), C chase-up, D damage assessed, E expired,
/// X tracking stopped. "S 1* 2" reads "status changed, inspection started (inferred), first picture".
/// </summary>
internal static class EventNotation
{
    public static string Of(IEnumerable<ITokenEvent> events) => string.Join(' ', events.Select(Of));

    public static string Of(ITokenEvent evt)
    {
        var letter = evt switch
        {
            TokenTracked => "T",
            TokenStatusChanged => "S",
            InspectionStarted => "1",
            FirstPictureTaken => "2",
            PicturesCompleted => "3",
            DamageValidationStarted => "4",
            InspectionCompleted => "5",
            ChaseUpSent => "C",
            DamageAssessed => "D",
            TokenExpired => "E",
            TokenTrackingStopped => "X",
            _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "Unknown event type."),
        };
        return evt.Inferred ? letter + "*" : letter;
    }

    public static bool IsMilestone(ITokenEvent evt) =>
        evt is InspectionStarted or FirstPictureTaken or PicturesCompleted or DamageValidationStarted or InspectionCompleted;
}
