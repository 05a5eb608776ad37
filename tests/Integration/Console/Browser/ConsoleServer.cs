using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.OperatorConsole.Browser;

internal static class ConsoleServer
{
    /// <summary>The address a poller started with <see cref="PollerApp.StartedOnKestrel"/> listens on.</summary>
    public static Uri AddressOf(PollerApp app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
