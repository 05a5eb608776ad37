using System.Net;
using System.Text;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>
/// One hostile HTTP request: its name (for the failure message), how to make it (a request is
/// sent once), and what its answer must be (null: the default, a 4xx problem).
/// </summary>
public sealed record HostileRequest(string Name, Func<HttpRequestMessage> Create, Func<HttpResponseMessage, string?>? Expect = null);

/// <summary>Ways to build hostile requests.</summary>
public static class Requests
{
    public static HttpRequestMessage Post(string path, HttpContent? content) => new(HttpMethod.Post, path) { Content = content };

    public static ByteArrayContent Json(byte[] body) => WithType(body, "application/json");

    public static ByteArrayContent Json(string body) => Json(Encoding.UTF8.GetBytes(body));

    public static ByteArrayContent WithType(string body, string contentType) => WithType(Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>Any Content-Type, even one .NET would not let through its typed API.</summary>
    public static ByteArrayContent WithType(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>
    /// With <c>Expect: 100-continue</c> the client sends the body only once the server asks for it, so it
    /// reads a refusal sent before (a 413 on the Content-Length) instead of failing on a closed connection.
    /// </summary>
    public static HttpRequestMessage ExpectingContinue(HttpRequestMessage request)
    {
        request.Headers.ExpectContinue = true;
        return request;
    }

    public static Uri WithQuery(Uri uri, string query) =>
        new(uri.OriginalString + (uri.OriginalString.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query, UriKind.RelativeOrAbsolute);
}

/// <summary>What an answer to a hostile request must be: each check returns null, or what was wrong.</summary>
public static class Answers
{
    /// <summary>A 4xx problem document, or Kestrel's own bare refusal.</summary>
    public static string? AFourHundredProblem(HttpResponseMessage response) =>
        (int)response.StatusCode is < 400 or > 499 ? $"answered {(int)response.StatusCode}"
        : response.Content.Headers.ContentType?.MediaType is "application/problem+json" || RefusedByKestrel(response) ? null
        : $"answered {(int)response.StatusCode} with {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not a problem";

    /// <summary>One of <paramref name="statuses"/>, as a 4xx problem.</summary>
    public static Func<HttpResponseMessage, string?> AProblem(params HttpStatusCode[] statuses) => response =>
        statuses.Contains(response.StatusCode) ? AFourHundredProblem(response) : $"answered {(int)response.StatusCode}";

    /// <summary>Exactly <paramref name="expected"/>, as a problem document if <paramref name="problem"/>.</summary>
    public static Func<HttpResponseMessage, string?> Status(HttpStatusCode expected, bool problem = false) => response =>
        response.StatusCode != expected ? $"answered {(int)response.StatusCode}, not {(int)expected}"
        : problem ? AFourHundredProblem(response)
        : null;

    /// <summary>
    /// Kestrel refuses some requests before the app sees them (a NUL in the path): a bare 4xx and the
    /// connection closed. Every 4xx of the app itself is a problem document.
    /// </summary>
    public static bool RefusedByKestrel(HttpResponseMessage response) =>
        response.Headers.ConnectionClose == true && response.Content.Headers.ContentLength == 0;
}
