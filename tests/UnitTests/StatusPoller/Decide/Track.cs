using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>Runs the detector over successive snapshots, as the poller would, keeping every poll's detection.</summary>
internal static class Track
{
    public static List<DetectedChanges> Polls(params TokenSnapshot[] snapshots)
    {
        var polls = new List<DetectedChanges>();
        TokenState? state = null;
        for (var i = 0; i < snapshots.Length; i++)
        {
            var detection = ChangeDetector.Detect(state, snapshots[i], Snapshots.Start.AddMinutes(i).AddSeconds(30));
            polls.Add(detection);
            state = detection.State;
        }

        return polls;
    }

    /// <summary>Polls a status history, one minute apart, each status stamped at its minute.</summary>
    public static List<DetectedChanges> Statuses(params int[] statuses) =>
        Polls([.. statuses.Select((status, minute) => Snapshots.At(status, minute))]);
}
