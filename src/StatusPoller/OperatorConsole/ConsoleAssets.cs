using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// The console's stylesheet and script, embedded so every host serves the same bytes with nothing to
/// publish beside the binary. Anonymous, because the sign-in page needs its style.
/// </summary>
internal static class ConsoleAssets
{
    private const string ResourcePrefix = "OperatorConsole.Assets.";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static string Url(string name) => $"{OperatorConsoleExtensions.PathPrefix}/assets/{name}?v={Assets[name].ETag.Trim('"')}";

    public static IEndpointRouteBuilder MapConsoleAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet(OperatorConsoleExtensions.PathPrefix + "/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Assets.TryGetValue(name, out var asset))
            {
                return Results.NotFound();
            }

            if (http.Request.Headers.IfNoneMatch == asset.ETag)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            http.Response.Headers.ETag = asset.ETag;
            return Results.Bytes(asset.Content, asset.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(resource => resource[ResourcePrefix.Length..], resource =>
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var content = buffer.ToArray();
                var type = resource.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
                return new Asset(content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
            }, StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
