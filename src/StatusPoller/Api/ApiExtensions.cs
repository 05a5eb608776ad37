using Microsoft.AspNetCore.Authentication;

namespace Tchek.Events.StatusPoller.Api;

internal static class ApiExtensions
{
    public static IServiceCollection AddTrackingApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddProblemDetails();
        return services;
    }
}
