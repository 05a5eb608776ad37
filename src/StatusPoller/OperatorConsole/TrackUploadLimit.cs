using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// Holds a Track submission to <see cref="ApiExtensions.MaxRequestBodyBytes"/>, answering one over it on
/// the Track page. It runs before the antiforgery check, which would fail over the limit as a bare 400.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class TrackUploadLimitAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    public const string TooLarge = "too-large";

    private const long DrainLimit = 32L * ApiExtensions.MaxRequestBodyBytes;

    // Before the antiforgery filter (1000) and the framework's own form limits.
    public int Order => -3000;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
        {
            return;
        }

        // Kestrel refuses such a body as soon as it is read; the in-memory test server has no limit.
        if (request.ContentLength > ApiExtensions.MaxRequestBodyBytes)
        {
            // Over the limit Kestrel cuts the connection and the browser shows a reset, not the page:
            // up to DrainLimit, let Kestrel drain the unread body instead (docs/contributing/decisions.md).
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit && request.ContentLength <= DrainLimit)
            {
                limit.MaxRequestBodySize = DrainLimit;
            }

            context.Result = BackToPage(http);
            return;
        }

        try
        {
            // A body of unknown length (chunked) is cut at the limit while it is read.
            if (http.Features.Get<IFormFeature>() is not { Form: not null })
            {
                http.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
                {
                    MultipartBodyLengthLimit = ApiExtensions.MaxRequestBodyBytes,
                    ValueLengthLimit = ApiExtensions.MaxRequestBodyBytes,
                }));
            }

            await request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            context.Result = BackToPage(http);
        }
    }

    // A 302 to the page: the browser comes back with a GET, and the page says why nothing was tracked.
    // (Kestrel closes the connection after it rather than read a body over its limit.)
    private static RedirectResult BackToPage(HttpContext http) =>
        new($"{http.Request.PathBase}{http.Request.Path}?refused={TooLarge}");
}
