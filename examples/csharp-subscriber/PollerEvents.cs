using System.Net.Http.Json;
using System.Text.Json;
using Tchek.Events.Contracts;

namespace Tchek.Events.Examples.Subscriber;

/// <summary>Catching up: a token's stored events from the poller's <c>GET /tokens/{uid}/events</c>.</summary>
public sealed class PollerEvents(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The events with <c>after &lt; sequence &lt; before</c>, in order, as their contract types.</summary>
    public async Task<IReadOnlyList<ITokenEvent>> ReadAsync(string uid, long after, long before, CancellationToken ct)
    {
        var events = new List<ITokenEvent>();
        while (after + 1 < before)
        {
            var limit = Math.Min(before - after - 1, 1000);
            var page = await http.GetFromJsonAsync<List<StoredEvent>>(
                $"tokens/{Uri.EscapeDataString(uid)}/events?after={after}&limit={limit}", Json, ct) ?? [];
            if (page.Count == 0)
            {
                break; // erased meanwhile: nothing more to read
            }

            events.AddRange(page.Where(e => e.Sequence < before).Select(e => e.ToContract()));
            after = page[^1].Sequence;
        }

        return events;
    }

    private sealed record StoredEvent(long Sequence, string Type, JsonElement Payload)
    {
        // The type's name is the contract's ("InspectionCompleted"); the payload is its JSON, as on the bus.
        public ITokenEvent ToContract() =>
            (ITokenEvent)Payload.Deserialize(typeof(ITokenEvent).Assembly.GetType($"Tchek.Events.Contracts.{Type}") ?? typeof(TokenStatusChanged), Json)!;
    }
}
