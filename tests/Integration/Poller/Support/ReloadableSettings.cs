using Microsoft.Extensions.Configuration;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>Configuration a test changes while the host runs, as a mounted file or a secret store would.</summary>
public sealed class ReloadableSettings : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <summary>Changes <paramref name="key"/> (null removes it) and tells the host its configuration changed.</summary>
    public void Change(string key, string? value)
    {
        if (value is null)
        {
            Data.Remove(key);
        }
        else
        {
            Data[key] = value;
        }

        OnReload();
    }
}
