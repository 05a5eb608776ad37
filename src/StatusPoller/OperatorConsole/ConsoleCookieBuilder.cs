using System.Net;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// Secure unless the request came over loopback. <c>SameAsRequest</c> is not enough: a poller that
/// speaks plain HTTP behind a TLS proxy on another host would hand out cookies a browser then sends
/// in clear. Only a browser on the same machine (run.sh, a developer) gets a cookie without Secure,
/// which plain-HTTP localhost needs. An unknown client address (an in-process test server) counts
/// as remote: the safe side.
/// </summary>
internal sealed class ConsoleCookieBuilder : CookieBuilder
{
    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = context.Request.IsHttps || !IsLoopback(context.Connection.RemoteIpAddress);
        return options;
    }

    public static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}
