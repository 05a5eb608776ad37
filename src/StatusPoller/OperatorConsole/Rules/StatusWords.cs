namespace Tchek.Events.StatusPoller.OperatorConsole.Rules;

/// <summary>
/// A token's status in a support person's words, from the vendor's own descriptions
/// (seed/self-inspection-token-status.txt) and <see cref="TokenStatusCodes"/>.
/// </summary>
internal static class StatusWords
{
    /// <summary>Short words for a status code, or for "no snapshot yet" (null).</summary>
    public static string Of(int? status) => status switch
    {
        null => "not polled yet",
        TokenStatusCodes.Created => "link not opened yet",
        TokenStatusCodes.Opened => "link opened, no picture yet",
        TokenStatusCodes.Shooting => "taking pictures",
        TokenStatusCodes.PicturesTaken => "pictures completed",
        TokenStatusCodes.DamageValidation => "damage validation under way",
        TokenStatusCodes.Completed => "inspection completed",
        TokenStatusCodes.ChasedUp => "chase-up message sent",
        _ => $"unknown status {status}",
    };

    /// <summary>The vendor's longer description of a status, for a tooltip or a detail page.</summary>
    public static string Describe(int? status) => status switch
    {
        null => "The poller has not had a valid answer for this token yet.",
        TokenStatusCodes.Created => "The token has been created. The final user has not opened the URL to start the inspection.",
        TokenStatusCodes.Opened => "The final user has opened the URL to start the inspection, but has not yet taken the first picture.",
        TokenStatusCodes.Shooting => "The final user has taken at least the first picture, but not all the required pictures.",
        TokenStatusCodes.PicturesTaken => "The final user has taken all the required pictures to complete the inspection.",
        TokenStatusCodes.DamageValidation => "The damage validation (\"Fast Track\") is being performed.",
        TokenStatusCodes.Completed => "The inspection is complete: a report has been created after the damage validation.",
        TokenStatusCodes.ChasedUp => "The final user has received a chase-up message.",
        _ => "The vendor sent a status this poller does not know.",
    };

    /// <summary>How far the inspection got (the highest progress status reached, 0..5), in words.</summary>
    public static string Progress(int progress) => TokenStatusCodes.IsProgress(progress)
        ? $"{Of(progress)} (step {progress} of {TokenStatusCodes.Completed})"
        : $"unknown progress {progress}";
}
