using System.Net;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// A console page whose service failed answers a readable 503 rather than an empty 500. The exception
/// is logged, but its message, which may name hosts or SQL, stays out of the page.
/// </summary>
internal sealed partial class ConsoleErrors(ILogger<ConsoleErrors> logger) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is { } exception && !executed.ExceptionHandled && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            LogFailed(exception, context.HttpContext.Request.Path);
            executed.ExceptionHandled = true;
            executed.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status503ServiceUnavailable,
                ContentType = "text/html; charset=utf-8",
                Content = $"""
                    <!DOCTYPE html>
                    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>Unavailable · Tchek console</title><link rel="stylesheet" href="{ConsoleAssets.Url("console.css")}"></head>
                    <body><main id="main"><h1>The console cannot answer right now</h1>
                    <p class="problem" role="alert">A service it needs (the database, most likely) failed while reading {WebUtility.HtmlEncode(context.HttpContext.Request.Path)}. The poller's log says why. Try again in a moment.</p>
                    <p><a href="{OperatorConsoleExtensions.PathPrefix}">Back to the console</a></p></main></body></html>
                    """,
            };
        }
    }

    [LoggerMessage(LogLevel.Error, "Console page {Path} failed")]
    private partial void LogFailed(Exception exception, string path);
}
