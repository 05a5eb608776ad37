using System.Net;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// Secure unless the request came over loopback: a poller speaking plain HTTP behind a TLS proxy on
/// another host must not hand out cookies a browser would send in clear. An unknown address is remote.
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
