using Tchek.Events.StatusPoller.Write.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Write;

/// <summary>Unchanged polls wait to share a transaction; nothing a subscriber sees waits.</summary>
public sealed class WriteBatchingTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(10);

    [Theory]
    [InlineData(1, 200, 0, true)] // one unchanged poll: wait for company
    [InlineData(199, 200, 0, true)]
    [InlineData(200, 200, 0, false)] // full: commit
    [InlineData(1, 200, 1, false)] // an event: commit at once
    [InlineData(150, 200, 5, false)]
    [InlineData(0, 200, 0, false)] // nothing to write
    [InlineData(1, 1, 0, false)] // batches of one never wait
    public void Only_a_batch_of_unchanged_polls_with_room_left_waits(int count, int batchSize, int events, bool waits)
    {
        Assert.Equal(waits, WriteBatching.Waits(count, batchSize, events, Delay));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void No_delay_never_waits(int milliseconds)
    {
        Assert.False(WriteBatching.Waits(1, 200, 0, TimeSpan.FromMilliseconds(milliseconds)));
    }
}
