namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>A duration for people: "42 s", "3 min 5 s", "2 h 3 min". Pure.</summary>
internal static class Durations
{
    public static string Words(TimeSpan duration)
    {
        var seconds = (long)Math.Ceiling(Math.Max(0, duration.TotalSeconds));
        return seconds switch
        {
            < 60 => $"{seconds} s",
            < 3600 => seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s",
            _ => seconds / 60 % 60 == 0 ? $"{seconds / 3600} h" : $"{seconds / 3600} h {seconds / 60 % 60} min",
        };
    }
}
