namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// Headers on every console response: no inline script or style and no framing (CSP), no MIME
/// sniffing, no referrer leaving the console, and no copy of a page (token data) in a cache.
/// Added as a startup filter, so it wraps the whole pipeline: a sign-in redirect or an error page
/// written before the console's endpoints run carries them too.
/// </summary>
internal sealed class ConsoleSecurityHeaders : IStartupFilter
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(OperatorConsoleExtensions.PathPrefix), console => console.Use(AddHeaders));
        next(app);
    };

    private static async Task AddHeaders(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        await next(context);
    }
}
