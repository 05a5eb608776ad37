using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>
/// Stands in for the TCP peer (the in-process server has none): a request's connection address is its
/// <see cref="Header"/>, or <see cref="Proxy"/> without one. Runs before the app's own middleware, so
/// the poller's forwarded-headers handling sees it as a real peer.
/// </summary>
public sealed class TestPeer : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    /// <summary>The reverse proxy's address, as tests configure it in <c>Proxy:KnownProxies</c>.</summary>
    public const string Proxy = "10.9.8.7";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[Header] is [{ } peer] ? peer : Proxy);
            context.Request.Headers.Remove(Header);
            return nextMiddleware(context);
        });
        next(app);
    };
}
