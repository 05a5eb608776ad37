using System.Net;
using Tchek.Events.IntegrationTests.OperatorConsole.Support;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.OperatorConsole;

/// <summary>Signing in to the operator console, and what a session is allowed.</summary>
[Collection("services")]
public sealed class ConsoleSignInTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task The_right_key_opens_a_session_that_reaches_the_console()
    {
        await using var app = StartApp();
        using var session = ConsoleSession.Anonymous(app);

        var answer = await session.TrySignInAsync(PollerSettings.ApiKey, "/console/track");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/console/track", answer.Headers.Location?.OriginalString);
        var overview = await session.GetPageAsync("/console");
        Assert.Contains("id=\"console-nav\"", overview, StringComparison.Ordinal);
        Assert.Contains("id=\"sign-out\"", overview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unauthenticated_page_redirects_to_sign_in_with_a_local_return_url()
    {
        await using var app = StartApp();
        using var session = ConsoleSession.Anonymous(app);

        using var answer = await session.GetAsync("/console/track");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/console/sign-in?returnUrl=%2Fconsole%2Ftrack", answer.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_api_still_answers_401_problems_without_a_key()
    {
        await using var app = StartApp();
        using var client = app.CreateClient();

        using var answer = await client.GetAsync("/tokens/T0000000");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }
}
