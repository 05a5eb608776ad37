using Tchek.Events.Contracts;

namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>A vendor status code in words (<see cref="TokenStatusCodes"/>); -1 is a token not polled yet. Pure.</summary>
internal static class StatusWords
{
    public static string Of(int status) => status switch
    {
        -1 => "not polled yet",
        TokenStatusCodes.Created => "created",
        TokenStatusCodes.Opened => "opened",
        TokenStatusCodes.Shooting => "taking pictures",
        TokenStatusCodes.PicturesTaken => "pictures completed",
        TokenStatusCodes.DamageValidation => "damage validation",
        TokenStatusCodes.Completed => "completed",
        TokenStatusCodes.ChasedUp => "chased up",
        _ => $"status {status}",
    };
}
