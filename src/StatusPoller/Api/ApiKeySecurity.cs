using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The API key scheme in the OpenAPI document, with each protected operation's scope and 401/403 problems.
/// Read from the endpoints' metadata, so a route that drops <c>RequireAuthorization</c> drops it here too.
/// </summary>
internal sealed class ApiKeySecurity(IOptionsMonitor<ApiOptions> options) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeId = ApiKeyAuthentication.SchemeName;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.AddComponent<IOpenApiSecurityScheme>(SchemeId, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = options.CurrentValue.KeyHeader,
            Description = "A caller's key (Api:Clients:<name>:Key); each route needs a scope (403 without it).",
        });
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] });
        operation.Responses ??= [];
        operation.Responses["401"] = new OpenApiResponse
        {
            Description = $"Missing or unknown API key (header {options.CurrentValue.KeyHeader}).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.Document) },
            },
        };
        if (metadata.OfType<IAuthorizeData>().Select(a => a.Policy).FirstOrDefault(p => p?.StartsWith(ApiScopes.PolicyPrefix, StringComparison.Ordinal) == true) is { } policy)
        {
            var scope = policy[ApiScopes.PolicyPrefix.Length..];
            operation.Description = $"{operation.Description} Scope: {(scope == ApiScopes.Admin ? scope : $"{scope} (or admin)")}.".TrimStart();
            operation.Responses["403"] = new OpenApiResponse
            {
                Description = $"The key lacks the scope {scope} (the problem's scope member names it).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.Document) },
                },
            };
        }

        return Task.CompletedTask;
    }
}
