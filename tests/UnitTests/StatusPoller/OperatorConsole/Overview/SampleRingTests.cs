using Tchek.Events.StatusPoller.OperatorConsole.Overview;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole.Overview;

/// <summary>The history's ring: bounded, oldest first, the oldest dropped when full.</summary>
public sealed class SampleRingTests
{
    [Fact]
    public void An_empty_ring_holds_nothing()
    {
        var ring = new SampleRing<int>(3);

        Assert.Empty(ring.ToArray());
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void Until_full_it_keeps_every_item_oldest_first()
    {
        var ring = new SampleRing<int>(3);
        ring.Add(1);
        ring.Add(2);

        Assert.Equal([1, 2], ring.ToArray());
    }

    [Theory]
    [InlineData(4, new[] { 2, 3, 4 })]
    [InlineData(7, new[] { 5, 6, 7 })]
    [InlineData(100, new[] { 98, 99, 100 })]
    public void Once_full_each_new_item_pushes_out_the_oldest(int added, int[] expected)
    {
        var ring = new SampleRing<int>(3);
        for (var i = 1; i <= added; i++)
        {
            ring.Add(i);
        }

        Assert.Equal(expected, ring.ToArray());
        Assert.Equal(3, ring.Count);
    }

    [Fact]
    public void A_ring_of_one_keeps_the_newest()
    {
        var ring = new SampleRing<string>(1);
        ring.Add("a");
        ring.Add("b");

        Assert.Equal(["b"], ring.ToArray());
    }

    [Fact]
    public void A_ring_needs_room_for_one_item() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleRing<int>(0));
}
