using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>The one-shot message the layout shows in <c>#flash</c> after an action (kept in TempData across the redirect).</summary>
internal static class ConsoleFlash
{
    public const string Key = "Flash";

    public static void Flash(this ITempDataDictionary tempData, string message) => tempData[Key] = message;
}
