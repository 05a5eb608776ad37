using System.Text.Json;
using MassTransit.Serialization;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Relay;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

public sealed class ErasureTests
{
    private static readonly DateTimeOffset At = Snapshots.Start.AddDays(3);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(4, 2)]
    [InlineData(15, 5)]
    public void A_token_with_events_gets_one_TokenErased_numbered_after_its_last(long lastSequence, int status)
    {
        var erased = Erasure.Event(Snapshots.Uid, lastSequence, status, erasedBefore: false, At);

        Assert.NotNull(erased);
        Assert.Equal(lastSequence + 1, erased.Sequence);
        Assert.Equal(TokenEventIds.For(Snapshots.Uid, lastSequence + 1), erased.EventId);
        Assert.Equal(Snapshots.Uid, erased.TokenUid);
        Assert.Equal(status, erased.Status);
        Assert.Equal(At, erased.OccurredAt);
        Assert.Equal(At, erased.ObservedAt);
        Assert.False(erased.Inferred);
    }

    [Fact]
    public void The_same_erase_gives_the_same_event()
    {
        Assert.Equal(Erasure.Event(Snapshots.Uid, 4, 2, false, At), Erasure.Event(Snapshots.Uid, 4, 2, false, At));
    }

    [Theory]
    [InlineData(0L, false)] // never seen: no subscriber holds anything of it
    [InlineData(5L, true)] // erased before: its TokenErased went then
    [InlineData(0L, true)]
    public void There_is_nobody_to_tell_when_the_token_has_no_event_or_was_erased_before(long lastSequence, bool erasedBefore)
    {
        Assert.Null(Erasure.Event(Snapshots.Uid, lastSequence, 2, erasedBefore, At));
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Erasure.Event("", 3, 2, false, At));
        Assert.Throws<ArgumentOutOfRangeException>(() => Erasure.Event(Snapshots.Uid, -1, 2, false, At));
    }

    [Fact]
    public void TokenErased_carries_no_personal_id_as_an_ITokenEvent_nor_in_its_json()
    {
        ITokenEvent erased = Erasure.Event(Snapshots.Uid, 4, 2, false, At)!;

        Assert.Null(erased.InspectionId);
        Assert.Null(erased.VehicleId);
        Assert.Null(erased.CustomerId);
        Assert.Null(erased.CreatorUserId);
        // Neither where the outbox stores it nor on the bus (MassTransit's own options write nulls): the keys are absent.
        foreach (var json in new[]
        {
            EventSerialization.Serialize(erased),
            JsonSerializer.Serialize(erased, erased.GetType(), SystemTextJsonMessageSerializer.Options),
        })
        {
            using var document = JsonDocument.Parse(json);
            Assert.Equal(
                ["eventId", "tokenUid", "sequence", "status", "occurredAt", "observedAt", "inferred"],
                document.RootElement.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public void TokenErased_is_stored_and_read_back_as_its_contract_type()
    {
        var erased = Erasure.Event(Snapshots.Uid, 4, 2, false, At)!;

        Assert.True(EventSerialization.IsEventType(nameof(TokenErased)));
        Assert.Equal(nameof(TokenErased), EventSerialization.TypeName(erased));
        Assert.Equal(erased, EventSerialization.Deserialize(nameof(TokenErased), EventSerialization.Serialize(erased)));
    }
}
