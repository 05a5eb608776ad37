namespace Tchek.Events.StatusPoller.Operations.Subscribers;

/// <summary>
/// Section <c>RabbitMqManagement</c>, read only by the <c>subscribers</c> command. The password comes
/// from the environment or a secret store, never from appsettings.json.
/// </summary>
internal sealed class BrokerManagementOptions
{
    public const string Section = "RabbitMqManagement";

    /// <summary>The management API's base address, e.g. <c>http://rabbitmq:15672/</c>.</summary>
    [Required]
    public Uri? Uri { get; set; }

    /// <summary>An account tagged <c>administrator</c> on the broker, e.g. <c>tchek-admin</c>.</summary>
    [Required]
    public string? Username { get; set; }

    /// <summary>Its password: from the environment or a secret store, never appsettings.json.</summary>
    [Required]
    public string? Password { get; set; }

    /// <summary>The vhost the accounts get permissions on: the one the poller publishes to.</summary>
    [Required]
    public string VirtualHost { get; set; } = "/";
}
