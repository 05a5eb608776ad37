using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Tchek.Events.ServiceDefaults;

/// <summary>At start: the cluster nodes parse, the files exist and parse, and TLS settings come with an amqps:// connection string.</summary>
internal sealed class RabbitMqOptionsValidator(IConfiguration configuration) : IValidateOptions<RabbitMqOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqOptions options)
    {
        var failures = new List<string>();
        RabbitMqAddress? broker = null;
        try
        {
            broker = RabbitMqAddress.Parse(configuration.GetConnectionString("RabbitMq"));
        }
        catch (InvalidOperationException e)
        {
            failures.Add(e.Message);
        }

        if (broker is not null)
        {
            try
            {
                broker.ClusterNodes(options.ClusterNodes);
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }
        }

        if (options.DeliveryLimit is < 1 or > RabbitMqOptions.MaxDeliveryLimit)
        {
            failures.Add($"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.DeliveryLimit)} must be between 1 and {RabbitMqOptions.MaxDeliveryLimit} (it is {options.DeliveryLimit}).");
        }

        if (!Enum.IsDefined(options.QueueType))
        {
            failures.Add($"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.QueueType)} must be Quorum or Classic (it is {options.QueueType}).");
        }

        if (Exists(options.CaCertificate, nameof(RabbitMqOptions.CaCertificate), failures))
        {
            Try(() => options.LoadCaCertificates(), $"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.CaCertificate)} ({options.CaCertificate})", failures);
        }

        var certificateExists = Exists(options.ClientCertificate, nameof(RabbitMqOptions.ClientCertificate), failures);
        var keyExists = Exists(options.ClientKey, nameof(RabbitMqOptions.ClientKey), failures);
        if (IsSet(options.ClientCertificate) != IsSet(options.ClientKey))
        {
            failures.Add($"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.ClientCertificate)} and {RabbitMqOptions.Section}:{nameof(RabbitMqOptions.ClientKey)} go together: set both or neither.");
        }
        else if (certificateExists && keyExists)
        {
            Try(
                () => options.LoadClientCertificate()?.Dispose(),
                $"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.ClientCertificate)} ({options.ClientCertificate}) with {RabbitMqOptions.Section}:{nameof(RabbitMqOptions.ClientKey)} ({options.ClientKey})",
                failures);
        }

        var anyTlsSetting = IsSet(options.CaCertificate) || IsSet(options.ClientCertificate) || IsSet(options.ClientKey);
        if (broker is { UseTls: false } && anyTlsSetting)
        {
            failures.Add($"{RabbitMqOptions.Section}:* TLS settings are given but ConnectionStrings:RabbitMq ({broker}) is not amqps://: they would be ignored. Use amqps://, or remove them.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsSet(string? path) => !string.IsNullOrWhiteSpace(path);

    // True when the path is set and names an existing file; a set path to no file is a failure.
    private static bool Exists(string? path, string key, List<string> failures)
    {
        if (!IsSet(path))
        {
            return false;
        }

        if (File.Exists(path))
        {
            return true;
        }

        failures.Add($"{RabbitMqOptions.Section}:{key}: the file {path} does not exist (working directory: {Environment.CurrentDirectory}).");
        return false;
    }

    private static void Try(Action load, string what, List<string> failures)
    {
        try
        {
            load();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            failures.Add($"{what} cannot be read as PEM: {e.Message.TrimEnd('.')}.");
        }
    }
}
