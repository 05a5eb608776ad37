using System.Net;

namespace Tchek.Events.StatusPoller.Hosting;

/// <summary>Every trusted proxy is an IP address and every trusted network a CIDR block: a typo must not trust no one silently.</summary>
internal sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var errors = options.KnownProxies.Select((proxy, i) => (proxy, i)).Where(p => !IPAddress.TryParse(p.proxy, out _))
            .Select(p => $"{ProxyOptions.Section}:{nameof(options.KnownProxies)}:{p.i} is not an IP address ('{p.proxy}').")
            .Concat(options.KnownNetworks.Select((network, i) => (network, i)).Where(n => !IPNetwork.TryParse(n.network, out _))
                .Select(n => $"{ProxyOptions.Section}:{nameof(options.KnownNetworks)}:{n.i} is not a network in CIDR form ('{n.network}')."))
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
