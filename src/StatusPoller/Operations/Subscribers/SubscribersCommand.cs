using System.Security.Cryptography;
using Tchek.Events.StatusPoller.Operations.Subscribers.Rules;

namespace Tchek.Events.StatusPoller.Operations.Subscribers;

/// <summary>
/// <c>subscribers add|remove</c>: one broker account per subscribing party. The generated password is
/// written once, to standard output, and nowhere else.
/// </summary>
internal static class SubscribersCommand
{
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (SubscribersRequest.Parse(args, EventExchanges.ByType, out var problem) is not { } request)
        {
            await error.WriteLineAsync($"subscribers: {problem}\n{SubscribersRequest.Usage}");
            return 2;
        }

        var options = configuration.GetSection(BrokerManagementOptions.Section).Get<BrokerManagementOptions>() ?? new BrokerManagementOptions();
        var invalid = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), invalid, validateAllProperties: true))
        {
            await error.WriteLineAsync($"subscribers: set {string.Join(", ", invalid.SelectMany(r => r.MemberNames).Select(m => $"{BrokerManagementOptions.Section}__{m}"))} (see docs/deploying/broker-accounts.md)");
            return 2;
        }

        (BrokerQueueType, int) queueShape;
        try
        {
            queueShape = DurableQueues.Shape(configuration);
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"subscribers: {e.Message}");
            return 2;
        }

        using var broker = BrokerManagement.Create(options, queueShape);
        try
        {
            switch (request)
            {
                case SubscribersRequest.Add add:
                    var password = await AddAsync(broker, add, ct);
                    await output.WriteLineAsync(Added(add, broker.VirtualHost, password));
                    break;
                case SubscribersRequest.Bind bind:
                    var refreshed = await RefreshPermissionsAsync(broker, bind.Name, ct);
                    await BindAsync(broker, bind.Queues, bind.EventExchanges, ct);
                    await output.WriteLineAsync($"bound {string.Join(", ", bind.Queues)} to {string.Join(", ", bind.EventExchanges)} on vhost {broker.VirtualHost}"
                        + (refreshed ? $"; {bind.Name} may read every event exchange of today" : $"; no account named {bind.Name}, no permission set"));
                    break;
                case SubscribersRequest.Remove remove:
                    var deleted = await RemoveAsync(broker, remove.Name, ct);
                    await output.WriteLineAsync($"removed subscriber {remove.Name}: its account, its connections and {deleted} queues and exchanges named {PartyName.Prefix(remove.Name)}*");
                    break;
            }

            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"subscribers: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Creates the account, its permissions and (when asked) its bound queue; returns the password.</summary>
    public static async Task<string> AddAsync(BrokerManagement broker, SubscribersRequest.Add add, CancellationToken ct)
    {
        // PUT on an existing user would reset its password and keep its tags: never take over an account.
        if (await broker.UserExistsAsync(add.Name, ct))
        {
            throw new InvalidOperationException($"an account named {add.Name} exists already; remove it first, or choose another name");
        }

        var password = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);
        await broker.PutUserAsync(add.Name, password, ct);
        await broker.PutPermissionAsync(add.Name, SubscriberPermissions.For(add.Name, EventExchanges.ByType.Values), ct);
        await BindAsync(broker, add.Queues, add.EventExchanges, ct);
        return password;
    }

    /// <summary>
    /// Grants an existing account the permissions <see cref="AddAsync"/> grants today, so an account made before an event
    /// type was added (<c>TokenErased</c>, say) may bind its exchange too. Idempotent; false when there is no such account.
    /// </summary>
    public static async Task<bool> RefreshPermissionsAsync(BrokerManagement broker, string name, CancellationToken ct)
    {
        if (!await broker.UserExistsAsync(name, ct))
        {
            return false;
        }

        await broker.PutPermissionAsync(name, SubscriberPermissions.For(name, EventExchanges.ByType.Values), ct);
        return true;
    }

    /// <summary>
    /// Declares each durable queue (as MassTransit declares a receive endpoint's, <see cref="DurableQueues"/>, with the
    /// type and delivery limit of section <c>RabbitMq</c>, so its own declare matches) and binds it to each event exchange. Both are idempotent: a one-shot step may rerun it.
    /// </summary>
    public static async Task BindAsync(BrokerManagement broker, IReadOnlyList<string> queues, IReadOnlyList<string> eventExchanges, CancellationToken ct)
    {
        foreach (var queue in queues)
        {
            await broker.DeclareQueueAsync(queue, DurableQueues.Arguments(queue, broker.QueueShape.Type, broker.QueueShape.DeliveryLimit), ct);
            foreach (var exchange in eventExchanges)
            {
                await broker.BindAsync(exchange, queue, ct);
            }
        }
    }

    /// <summary>Deletes the account, closes its connections, and deletes its queues and exchanges; returns how many.</summary>
    public static async Task<int> RemoveAsync(BrokerManagement broker, string name, CancellationToken ct)
    {
        await broker.DeleteUserAsync(name, ct);
        await broker.CloseConnectionsAsync(name, ct);
        return await broker.DeleteResourcesAsync(PartyName.Prefix(name), ct);
    }

    private static string Added(SubscribersRequest.Add add, string vhost, string password)
    {
        var permission = SubscriberPermissions.For(add.Name, EventExchanges.ByType.Values);
        var queue = add.Queues.Count == 0 ? "" : $"\n  queues     {string.Join(", ", add.Queues)}, bound to {string.Join(", ", add.EventExchanges)}";
        return $"""
            added subscriber {add.Name} on vhost {vhost}
              user       {add.Name}
              password   {password}
              (shown this once: put it in the subscriber's secret store now)
              configure  {permission.Configure}
              write      {permission.Write}
              read       {permission.Read}{queue}
            """;
    }
}
