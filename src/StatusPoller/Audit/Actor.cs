using System.Security.Claims;

namespace Tchek.Events.StatusPoller.Audit;

/// <summary>
/// Who acts, and through which channel: the authenticated principal's <see cref="ClaimTypes.Name"/>
/// (never a key), <c>api</c>, <c>console</c> or <c>bus</c>, and the client's address for HTTP.
/// </summary>
internal sealed record Actor(string Name, string Channel, string? ClientAddress)
{
    public const string Api = "api";
    public const string Console = "console";
    public const string Bus = "bus";

    /// <summary>The caller of an HTTP request on <paramref name="channel"/>.</summary>
    public static Actor Of(HttpContext http, string channel) =>
        new(http.User.FindFirstValue(ClaimTypes.Name) ?? "anonymous", channel, http.Connection.RemoteIpAddress?.ToString());

    /// <summary>
    /// A bus command's sender: the broker account RabbitMQ validated (<c>user_id</c>), when the
    /// sender set it; otherwise <c>unverified</c>, since a message's other headers are the sender's word.
    /// </summary>
    public static Actor OfBus(string? brokerUser) =>
        new(string.IsNullOrEmpty(brokerUser) ? "unverified" : $"broker:{brokerUser}", Bus, null);
}
