using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace Tchek.Events.StatusPoller.Api;

/// <summary><c>GET /tokens</c>: tracked tokens by filter, a page at a time.</summary>
internal static class TokenListing
{
    public static async Task<Results<Ok<TokenPage>, ValidationProblem>> ListAsync(
        string? state, string? status, string? externalReference, string? updatedSince, string? limit, string? cursor,
        TrackedTokens tokens, TokenFreshness freshness, CancellationToken ct)
    {
        if (RequestValidation.TokenList(state, status, externalReference, updatedSince, limit, cursor, out var filter) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (page, more) = await tokens.ListAsync(filter, ct);
        return TypedResults.Ok(new TokenPage([.. page.Select(t => TokensApi.View(t, freshness))], more ? TokenCursor.Encode(page[^1].Uid) : null));
    }

    /// <summary>
    /// The parameters are bound as text (so each bad one gets its own message); the description
    /// gives their real types and bounds.
    /// </summary>
    public static RouteHandlerBuilder WithTokenListParameters(this RouteHandlerBuilder endpoint) => endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            (parameter.Schema, parameter.Description) = parameter.Name switch
            {
                "state" => (new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["tracking", "stopped"] },
                    "tracking (the token's state shows Active) or stopped; case-insensitive."),
                "status" => (new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Maximum = "6" },
                    "The last status seen (0..6, see TokenStatusCodes); a token not polled yet has none and never matches."),
                "externalReference" => (new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 256 },
                    "Exactly the externalReference given when tracking."),
                "updatedSince" => (new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                    "Tokens whose row changed at or after this instant (a poll, a stop, an erasure); the offset is required, e.g. 2026-01-31T08:00:00Z."),
                "limit" => (new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = $"{RequestValidation.MaxListLimit}", Default = RequestValidation.DefaultListLimit },
                    $"Tokens per page, 1 to {RequestValidation.MaxListLimit}; default {RequestValidation.DefaultListLimit}."),
                "cursor" => (new OpenApiSchema { Type = JsonSchemaType.String },
                    "The nextCursor of the previous page, as it came; none for the first page."),
                _ => (parameter.Schema, parameter.Description),
            };
        }

        return Task.CompletedTask;
    });
}
