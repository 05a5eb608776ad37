using System.Text.RegularExpressions;

namespace Tchek.Events.StatusPoller.Operations.Subscribers.Rules;

/// <summary>
/// What a subscriber's account may do: everything on its own prefix (its queues, the exchanges
/// MassTransit names after them, their <c>_error</c> queues), read on the event exchanges so it can
/// bind them, and nothing else. Write never reaches an exchange outside the prefix: not an event or
/// command exchange, and not <c>amq.default</c>, which RabbitMQ checks for a publish routed by queue name.
/// </summary>
internal static class SubscriberPermissions
{
    public static Permission For(string name, IEnumerable<string> eventExchanges)
    {
        if (PartyName.Problem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        var own = Regex.Escape(PartyName.Prefix(name)) + ".*";
        var events = string.Join('|', eventExchanges.Order(StringComparer.Ordinal).Select(Regex.Escape));
        return new Permission(
            Configure: $"^{own}$",
            Write: $"^{own}$",
            Read: events.Length == 0 ? $"^{own}$" : $"^({own}|{events})$");
    }
}
