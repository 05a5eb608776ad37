using System.Text.RegularExpressions;

namespace Tchek.Events.StatusPoller.Operations.Subscribers.Rules;

/// <summary>
/// A subscriber may do everything on its own prefix and read the event exchanges to bind them. Write
/// never reaches an exchange outside it, <c>amq.default</c> included, so it cannot publish by queue name.
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
