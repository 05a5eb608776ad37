using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace Tchek.Events.StatusPoller.Api;

internal static class ApiExtensions
{
    /// <summary>The largest request body Kestrel takes (its limit is set from this): the API's, and the console's uploads.</summary>
    public const int MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddTrackingApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<ApiKeyFailures>();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddScopePolicies();
        services.AddApiRateLimits();
        services.AddProblemDetails();
        services.AddApiDescription();
        // {"uid":"bad uid","uid":"T3D6288"} is ambiguous (a proxy may check one, we would take the other): refused.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.AllowDuplicateProperties = false);
        return services;
    }

    /// <summary>
    /// Request bodies are JSON in UTF-8 (RFC 8259, section 8.1): a body declared in another charset is
    /// a 415. Without this, a charset .NET does not know fails while the body is read: a 500.
    /// </summary>
    public static IApplicationBuilder UseUtf8RequestBodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && HeaderUtilities.RemoveQuotes(type.Charset) is { HasValue: true } charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported charset",
                detail: "Request bodies are JSON in UTF-8.").ExecuteAsync(context);
            return;
        }

        await next(context);
    });
}
