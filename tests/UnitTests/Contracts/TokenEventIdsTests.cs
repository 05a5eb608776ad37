using Tchek.Events.Contracts;

namespace Tchek.Events.UnitTests.Contracts;

public sealed class TokenEventIdsTests
{
    [Fact]
    public void The_same_uid_and_sequence_always_give_the_same_id()
    {
        Assert.Equal(TokenEventIds.For("T3D6288", 7), TokenEventIds.For("T3D6288", 7));
    }

    [Fact]
    public void Ids_differ_across_sequences_and_tokens()
    {
        var ids = new[] { ("T3D6288", 1L), ("T3D6288", 2L), ("T0F3DF9", 1L), ("T3D628", 81L), ("T3D6288", 10L) }
            .Select(x => TokenEventIds.For(x.Item1, x.Item2))
            .ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    // Known answers computed independently with Python: uuid.uuid5(uuid.UUID(ns), "T3D6288/1").
    [Theory]
    [InlineData("T3D6288", 1, "3d37251e-7653-569f-8494-6e3f6b2fb817")]
    [InlineData("T3D6288", 42, "aee631ba-2097-5dce-8290-0985ccc8e1ea")]
    public void Ids_are_rfc_version_5_uuids_any_language_can_recompute(string uid, long sequence, string expected)
    {
        Assert.Equal(Guid.Parse(expected), TokenEventIds.For(uid, sequence));
    }

    [Fact]
    public void Name_based_ids_match_the_rfc_example()
    {
        var dns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2"), TokenEventIds.NameBased(dns, "www.example.com"));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TokenEventIds.For("", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenEventIds.For("T3D6288", 0));
    }
}
