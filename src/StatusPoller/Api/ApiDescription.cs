using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The OpenAPI document, served without a key because it describes routes and holds no data, and the
/// Scalar UI in Development or when <see cref="ApiOptions.ExposeDocs"/>.
/// </summary>
internal static class ApiDescription
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string DocsPath = "/docs";

    // Every tag a route is given (WithTags) must be described here: the document's build fails otherwise.
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Tokens"] = "Track and untrack tokens, read what the poller stored about them and their events, replay or erase them.",
        ["Events"] = "Publish stored events of many tokens again (a replay across tokens).",
        ["Audit"] = "The audit trail: who tracked, untracked, erased or replayed what, through the API, the console or a bus command, and refused keys.",
    };

    public static IServiceCollection AddApiDescription(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Tchek.Events status poller";
                document.Info.Description = "Track the vendor's self-inspection tokens, read what the poller stored, and replay their events. "
                    + "Errors are RFC 7807 problem details (application/problem+json).";
                document.Info.Contact = new OpenApiContact { Name = "Tchek.Events maintainers" };
                document.Info.License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/license/mit") };
                // "/" resolves against where the document is served: the same document for every host, and docs/openapi.json is it.
                document.Servers = [new OpenApiServer { Url = "/", Description = "The poller that serves this document (/openapi/v1.json)." }];
                foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
                {
                    tag.Description = TagDescriptions.TryGetValue(tag.Name ?? "", out var description)
                        ? description
                        : throw new InvalidOperationException($"The OpenAPI tag {tag.Name} has no description in ApiDescription.TagDescriptions.");
                }

                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<ApiKeySecurity>();
            options.AddDocumentTransformer<EventSchemas>();
            options.AddOperationTransformer<ApiKeySecurity>();
        });
        return services;
    }

    public static WebApplication MapApiDescription(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment() || app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.ExposeDocs)
        {
            // The page's script and fonts come with the package; nothing reports usage to Scalar.
            app.MapScalarApiReference(DocsPath, docs => docs
                .WithTitle("Tchek.Events status poller")
                .AddPreferredSecuritySchemes(ApiKeySecurity.SchemeId)
                .DisableTelemetry()
                .DisableDefaultFonts()
                .DisableAgent()
                .DisableMcp());
        }

        return app;
    }

    /// <summary>
    /// A route that reads a JSON body. Handlers take it as nullable so a missing body is a validation
    /// problem that names it, while the description still says it is required.
    /// </summary>
    public static RouteHandlerBuilder WithBody(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody is OpenApiRequestBody body)
            {
                body.Required = true;
                // The nullable parameter reads as "null or the body"; a body is the object.
                foreach (var media in body.Content?.Values ?? [])
                {
                    if (media.Schema is OpenApiSchema { OneOf: [{ Type: JsonSchemaType.Null }, var only] })
                    {
                        media.Schema = only;
                    }
                }
            }

            return Task.CompletedTask;
        });
}
