using System.Net;
using Tchek.Events.StatusPoller.OperatorConsole;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole;

/// <summary>Where console pages live, where sign-in may send a browser next, and which clients get a cookie without Secure.</summary>
public sealed class ConsoleRoutingTests
{
    [Theory]
    [InlineData(null, "console")]
    [InlineData("", "console")]
    [InlineData("Index", "console/Index")]
    [InlineData("sign-in", "console/sign-in")]
    [InlineData("/sign-in", "console/sign-in")]
    [InlineData("~/tokens/{uid}", "console/tokens/{uid}")]
    public void Every_page_route_is_under_console(string? template, string route)
    {
        Assert.Equal(route, OperatorConsoleExtensions.ConsoleRoute(template));
    }

    [Theory]
    [InlineData(null, "/console")]
    [InlineData("", "/console")]
    [InlineData("/console", "/console")]
    [InlineData("/console/tokens?status=3", "/console/tokens?status=3")]
    [InlineData("/console?x=1", "/console?x=1")]
    [InlineData("/consoles", "/console")]
    [InlineData("/tokens", "/console")]
    [InlineData("https://evil.example/console", "/console")]
    [InlineData("//evil.example/console", "/console")]
    [InlineData("/console/\\evil.example", "/console")]
    [InlineData("/\\evil.example", "/console")]
    [InlineData("/console/\r\nSet-Cookie: x", "/console")]
    public void Sign_in_returns_only_to_a_console_path(string? returnUrl, string safe)
    {
        Assert.Equal(safe, ConsoleReturnUrl.Safe(returnUrl));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)] // an IPv4 client on a dual-stack socket
    [InlineData("10.0.0.5", false)]
    [InlineData("172.17.0.1", false)]
    [InlineData(null, false)]
    public void Only_a_loopback_client_gets_a_cookie_without_secure(string? address, bool loopback)
    {
        Assert.Equal(loopback, ConsoleCookieBuilder.IsLoopback(address is null ? null : IPAddress.Parse(address)));
    }
}
