using Tchek.Events.StatusPoller.Operations.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Operations;

/// <summary>
/// The management port: /metrics and the probes there and only there, everything else off it; its listen
/// addresses follow Urls; and without it nothing changes.
/// </summary>
public sealed class ManagementEndpointsTests
{
    [Theory]
    [InlineData(9090, "/metrics", true)]
    [InlineData(9090, "/health/live", true)]
    [InlineData(9090, "/health/ready", true)]
    [InlineData(9090, "/tokens", false)]
    [InlineData(9090, "/console", false)]
    [InlineData(9090, "/metrics/extra", false)]
    [InlineData(8080, "/metrics", false)]
    [InlineData(8080, "/health/ready", false)]
    [InlineData(8080, "/tokens", true)]
    [InlineData(8080, "/console/sign-in", true)]
    public void With_a_management_port_each_path_is_served_on_one_port_only(int localPort, string path, bool served)
    {
        Assert.Equal(served, ManagementEndpoints.Serves(9090, localPort, path));
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/tokens")]
    public void Without_a_management_port_every_path_is_served_on_any_port(string path)
    {
        Assert.True(ManagementEndpoints.Serves(null, 8080, path));
    }

    [Theory]
    [InlineData("http://+:8080", new[] { "http://+:8080", "http://+:9090" })]
    [InlineData("http://127.0.0.1:0", new[] { "http://127.0.0.1:0", "http://127.0.0.1:9090" })]
    [InlineData("http://0.0.0.0:5080;http://[::]:5080", new[] { "http://0.0.0.0:5080", "http://[::]:5080", "http://0.0.0.0:9090", "http://[::]:9090" })]
    [InlineData("http://+:8080;https://+:8443", new[] { "http://+:8080", "https://+:8443", "http://+:9090", "https://+:9090" })]
    [InlineData("http://localhost:8080/", new[] { "http://localhost:8080/", "http://localhost:9090" })]
    public void The_management_port_is_added_on_the_hosts_of_urls(string urls, string[] expected)
    {
        Assert.Equal(expected, ManagementEndpoints.ListenUrls(urls, 9090));
    }

    [Theory]
    [InlineData("http://+:9090", "already uses port 9090")]
    [InlineData("http://localhost", "names no port")]
    [InlineData("http://[::1]", "names no port")]
    [InlineData("localhost:8080", "has no scheme")]
    public void Urls_the_management_port_cannot_be_told_from_are_refused_naming_the_option(string urls, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ManagementEndpoints.ListenUrls(urls, 9090));

        Assert.Contains("Management:Port", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
