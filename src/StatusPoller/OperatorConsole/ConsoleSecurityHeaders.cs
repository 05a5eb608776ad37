namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// Security headers on every console response (CSP, no sniffing, no referrer, no cached token data). A
/// startup filter, so redirects and error pages written before the console's endpoints carry them too.
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
