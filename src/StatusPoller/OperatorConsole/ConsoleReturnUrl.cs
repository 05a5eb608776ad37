namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>Where sign-in goes next: a console path of this site, never another host (an open redirect).</summary>
internal static class ConsoleReturnUrl
{
    public static string Safe(string? returnUrl) =>
        returnUrl is { Length: > 0 } url
        && (url == OperatorConsoleExtensions.PathPrefix || url.StartsWith(OperatorConsoleExtensions.PathPrefix + "/", StringComparison.Ordinal) || url.StartsWith(OperatorConsoleExtensions.PathPrefix + "?", StringComparison.Ordinal))
        && !url.Contains('\\', StringComparison.Ordinal)
        && !url.Any(char.IsControl)
            ? url
            : OperatorConsoleExtensions.PathPrefix;
}
