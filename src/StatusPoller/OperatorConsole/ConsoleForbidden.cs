using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// The console's 403: a signed-in key without the scope a page or action needs gets a page that says
/// which scope (left by <see cref="ScopeAuthorization"/>), at the same address, rather than a redirect.
/// </summary>
internal static class ConsoleForbidden
{
    public static async Task WriteAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        var scope = http.Items[ScopeAuthorization.MissingScopeItem] as string ?? "another";
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Not allowed · Tchek console</title><link rel="stylesheet" href="{ConsoleAssets.Url("console.css")}"></head>
            <body><main id="main"><h1>Your key may not do this</h1>
            <p class="problem" role="alert" id="forbidden">This needs the scope {WebUtility.HtmlEncode(scope)} (or admin), which the key you signed in with does not hold. An operator grants scopes in Api:Clients.</p>
            <p><a href="{OperatorConsoleExtensions.PathPrefix}">Back to the console</a></p></main></body></html>
            """);
    }
}
