using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Tchek.Events.ServiceDefaults;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.StatusPoller.Operations.Subscribers;
using Tchek.Events.StatusPoller.Operations.Subscribers.Rules;

namespace Tchek.Events.IntegrationTests.Permissions;

/// <summary>
/// A vhost of its own with one account per party: the shipped poller and commander (their
/// permissions read from deploy/rabbitmq/definitions.json, under a name of their own) and
/// subscribers made by the <c>subscribers add</c> code. Accounts and vhost are deleted on dispose.
/// </summary>
internal sealed class BrokerParties : IAsyncDisposable
{
    private readonly IsolatedVirtualHost _vhost;
    private readonly BrokerManagement _management;
    private readonly List<string> _users = [];
    private readonly List<string> _subscribers = [];

    private BrokerParties(IsolatedVirtualHost vhost, BrokerManagement management, BrokerManagementOptions options)
    {
        _vhost = vhost;
        _management = management;
        ManagementSettings = new Dictionary<string, string?>
        {
            [$"{BrokerManagementOptions.Section}:{nameof(options.Uri)}"] = options.Uri!.ToString(),
            [$"{BrokerManagementOptions.Section}:{nameof(options.Username)}"] = options.Username,
            [$"{BrokerManagementOptions.Section}:{nameof(options.Password)}"] = options.Password,
            [$"{BrokerManagementOptions.Section}:{nameof(options.VirtualHost)}"] = options.VirtualHost,
        };
    }

    /// <summary>The vhost as the test account (guest, all permissions): to set up and inspect.</summary>
    public Uri AdminUri => _vhost.Uri;

    public BrokerManagement Management => _management;

    /// <summary>Section <c>RabbitMqManagement</c> for this vhost, as the <c>subscribers</c> command reads it.</summary>
    public IReadOnlyDictionary<string, string?> ManagementSettings { get; }

    public static async Task<BrokerParties> CreateAsync(ServicesFixture services)
    {
        var api = services.RabbitMqManagementUri
            ?? throw new InvalidOperationException($"The permission tests need the management API: set {ServicesFixture.RabbitMqManagementVariable} (source scripts/services.sh).");
        var vhost = await IsolatedVirtualHost.CreateAsync(services);
        var credentials = Uri.UnescapeDataString(api.UserInfo).Split(':', 2);
        var options = new BrokerManagementOptions
        {
            Uri = new UriBuilder(api) { UserName = "", Password = "" }.Uri,
            Username = credentials[0],
            Password = credentials[1],
            VirtualHost = vhost.Uri.AbsolutePath.TrimStart('/'),
        };
        return new BrokerParties(vhost, BrokerManagement.Create(options, DurableQueues.Shape(new ConfigurationBuilder().Build())), options);
    }

    /// <summary>An account with the permissions <paramref name="shipped"/> has in definitions.json; returns its name and URI.</summary>
    public async Task<(string User, Uri Uri)> AddShippedAsync(string shipped) => await AddAccountAsync(shipped, await ShippedAsync(shipped));

    /// <summary>The permissions <paramref name="shipped"/> has in definitions.json.</summary>
    public static async Task<Permission> ShippedAsync(string shipped)
    {
        using var definitions = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppProcess.RepoRoot, "deploy", "rabbitmq", "definitions.json")));
        var granted = definitions.RootElement.GetProperty("permissions").EnumerateArray().Single(p => p.GetProperty("user").GetString() == shipped);
        return new Permission(granted.GetProperty("configure").GetString()!, granted.GetProperty("write").GetString()!, granted.GetProperty("read").GetString()!);
    }

    /// <summary>An account named <paramref name="stem"/> and a random suffix, with <paramref name="permission"/>; returns its name and URI.</summary>
    public async Task<(string User, Uri Uri)> AddAccountAsync(string stem, Permission permission)
    {
        var user = $"{stem}-{RandomNumberGenerator.GetHexString(8).ToLowerInvariant()}";
        var password = RandomNumberGenerator.GetHexString(24);
        await _management.PutUserAsync(user, password, default);
        _users.Add(user);
        await _management.PutPermissionAsync(user, permission, default);
        return (user, UriOf(user, password));
    }

    /// <summary>A subscriber as <c>subscribers add</c> makes it, under a random name starting with <paramref name="stem"/>.</summary>
    public async Task<(string Name, Uri Uri)> AddSubscriberAsync(string stem, string? queueSuffix = null)
    {
        var name = stem + RandomNumberGenerator.GetHexString(6).ToLowerInvariant();
        var queue = queueSuffix is null ? null : PartyName.Prefix(name) + queueSuffix;
        var args = queue is null ? new[] { "add", name } : ["add", name, "--queue", queue];
        var request = (SubscribersRequest.Add)SubscribersRequest.Parse(args, EventExchanges.ByType, out var problem)!;
        Assert.Null(problem);
        _subscribers.Add(name);
        var password = await SubscribersCommand.AddAsync(_management, request, default);
        return (name, UriOf(name, password));
    }

    public Uri UriOf(string user, string password) =>
        new UriBuilder(_vhost.Uri) { UserName = Uri.EscapeDataString(user), Password = Uri.EscapeDataString(password) }.Uri;

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _subscribers)
        {
            await SubscribersCommand.RemoveAsync(_management, name, default);
        }

        foreach (var user in _users)
        {
            await _management.DeleteUserAsync(user, default);
        }

        _management.Dispose();
        await _vhost.DisposeAsync();
    }
}
