namespace Tchek.Events.StatusPoller.Api;

/// <summary>One named caller of the API (<c>Api:Clients:&lt;name&gt;</c>).</summary>
internal sealed class ApiClientOptions
{
    /// <summary>The caller's key: a secret, from the environment (<c>Api__Clients__&lt;name&gt;__Key</c>).</summary>
    public string? Key { get; set; }

    /// <summary>Comma-separated scopes: <c>read</c>, <c>track</c>, <c>replay</c>, <c>erase</c>, <c>admin</c>.</summary>
    public string? Scopes { get; set; }
}
