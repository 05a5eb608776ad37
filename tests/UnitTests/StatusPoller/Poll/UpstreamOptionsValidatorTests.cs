using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Tchek.Events.StatusPoller.Poll;

namespace Tchek.Events.UnitTests.StatusPoller.Poll;

/// <summary>The vendor key travels with every request: outside Development, only over https (or to loopback).</summary>
public sealed class UpstreamOptionsValidatorTests
{
    [Theory]
    [InlineData("Production", "https://alto.tchek.fr/apiV1/", false, true)]
    [InlineData("Production", "http://alto.tchek.fr/apiV1/", false, false)]
    [InlineData("Production", "http://127.0.0.1:5100/apiV1/", false, true)]
    [InlineData("Production", "http://localhost:5100/apiV1/", false, true)]
    [InlineData("Production", "http://[::1]:5100/apiV1/", false, true)]
    [InlineData("Staging", "http://10.0.0.7/apiV1/", false, false)]
    [InlineData("Production", "http://simulator:5100/apiV1/", true, true)]
    [InlineData("Development", "http://alto.tchek.fr/apiV1/", false, true)]
    public void Http_is_refused_outside_development_but_on_loopback_or_when_allowed(string environment, string baseUrl, bool allowHttp, bool valid)
    {
        var result = new UpstreamOptionsValidator(new Environment(environment)).Validate(null, new UpstreamOptions { BaseUrl = new Uri(baseUrl), AllowHttp = allowHttp });

        Assert.Equal(valid, result.Succeeded);
        Assert.True(valid || result.FailureMessage!.Contains("must be https", StringComparison.Ordinal));
    }

    internal sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
