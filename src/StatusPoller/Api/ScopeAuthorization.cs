using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The <c>scope:*</c> policies, defined here only: an authenticated caller holding the scope or admin.
/// They name no scheme, so API endpoints authenticate with the key and console pages with the cookie.
/// </summary>
internal static class ScopeAuthorization
{
    /// <summary>Where a refusal leaves the missing scope for the console's 403 page.</summary>
    public const string MissingScopeItem = "tchek:missing-scope";

    public static IServiceCollection AddScopePolicies(this IServiceCollection services)
    {
        var builder = services.AddAuthorizationBuilder();
        foreach (var scope in ApiScopes.All)
        {
            builder.AddPolicy(ApiScopes.Policy(scope), policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
        }

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeRefusal>();
        return services;
    }

    /// <summary>Needs <see cref="Scope"/> (or admin) among the principal's scope claims.</summary>
    internal sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
    {
        public string Scope => scope;

        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
        {
            if (ApiScopes.Grants(context.User.FindAll(ApiScopes.ClaimType).Select(c => c.Value), requirement.Scope))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>A missing scope: a 403 problem for a key; for the console, its scheme's forbid (its 403 page).</summary>
    private sealed class ScopeRefusal : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().FirstOrDefault() is { } missing)
            {
                context.Items[MissingScopeItem] = missing.Scope;
                if (context.User.Identity?.AuthenticationType == ApiKeyAuthentication.SchemeName)
                {
                    await Results.Problem(
                        statusCode: StatusCodes.Status403Forbidden,
                        title: "Missing scope",
                        detail: $"This API key lacks the scope '{missing.Scope}' (or 'admin'), which this request needs.",
                        extensions: new Dictionary<string, object?> { ["scope"] = missing.Scope }).ExecuteAsync(context);
                    return;
                }
            }

            await _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }
}
