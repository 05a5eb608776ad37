extern alias bench;

using System.Buffers.Binary;
using System.Text;
using bench::Tchek.Events.Benchmarks.Guard;

namespace Tchek.Events.UnitTests.Benchmarks;

/// <summary>The guard's count of statements and round trips, from PostgreSQL protocol bytes however they are split.</summary>
public sealed class WireCountsTests
{
    private static readonly byte[] Ready = Message('Z', "I"u8.ToArray());

    [Fact]
    public void A_startup_is_a_connection_and_no_round_trip()
    {
        var counts = new WireCounts();
        Connect(counts.Open());

        Assert.Equal(new WireTotals(Statements: 0, RoundTrips: 0, Connections: 1, Unreadable: 0), counts.Read());
    }

    [Fact]
    public void A_begin_pipelined_with_a_statement_is_one_round_trip_and_two_statements_and_the_commit_another()
    {
        var counts = new WireCounts();
        var connection = Connect(counts.Open());

        connection.FromClient([.. Query("BEGIN"), .. Statement("UPDATE tracked_tokens SET state = 0")]);
        connection.FromServer([.. Message('C', Text("BEGIN")), .. Ready, .. Message('2', []), .. Message('C', Text("UPDATE 1")), .. Ready]);
        connection.FromClient(Query("COMMIT"));
        connection.FromServer([.. Message('C', Text("COMMIT")), .. Ready]);

        Assert.Equal(new WireTotals(Statements: 3, RoundTrips: 2, Connections: 1, Unreadable: 0), counts.Read());
    }

    [Fact]
    public void How_tcp_splits_the_bytes_changes_nothing_even_when_an_answer_comes_while_a_message_is_arriving()
    {
        var counts = new WireCounts();
        var connection = Connect(counts.Open());
        var written = (byte[])[.. Query("BEGIN"), .. Statement("UPDATE tracked_tokens SET state = 0")];
        var begin = Query("BEGIN").Length;

        // One byte at a time; the server answers BEGIN once the next message has begun to arrive.
        for (var i = 0; i < written.Length; i++)
        {
            connection.FromClient([written[i]]);
            if (i == begin)
            {
                connection.FromServer([.. Message('C', Text("BEGIN")), .. Ready]);
            }
        }

        foreach (var b in (byte[])[.. Message('2', []), .. Message('C', Text("UPDATE 1")), .. Ready])
        {
            connection.FromServer([b]);
        }

        Assert.Equal(new WireTotals(Statements: 2, RoundTrips: 1, Connections: 1, Unreadable: 0), counts.Read());
    }

    [Fact]
    public void Each_request_sent_after_every_answer_came_is_a_round_trip()
    {
        var counts = new WireCounts();
        var connection = Connect(counts.Open());

        for (var i = 0; i < 3; i++)
        {
            connection.FromClient(Statement("SELECT 1"));
            connection.FromServer([.. Message('2', []), .. Message('C', Text("SELECT 1")), .. Ready]);
        }

        connection.FromClient(Message('X', []));

        Assert.Equal(new WireTotals(Statements: 3, RoundTrips: 3, Connections: 1, Unreadable: 0), counts.Read());
    }

    [Fact]
    public void Connections_add_up_and_a_window_is_a_difference()
    {
        var counts = new WireCounts();
        var first = Connect(counts.Open());
        var before = counts.Read();
        var second = Connect(counts.Open());
        first.FromClient(Query("SELECT 1"));
        second.FromClient(Query("SELECT 2"));

        Assert.Equal(new WireTotals(Statements: 2, RoundTrips: 2, Connections: 1, Unreadable: 0), counts.Read() - before);
    }

    [Fact]
    public void Bytes_that_are_not_the_protocol_are_counted_unreadable_and_nothing_after_them()
    {
        var counts = new WireCounts();
        var connection = Connect(counts.Open());

        connection.FromClient([(byte)'Q', 0, 0, 0, 2]);
        connection.FromClient(Query("SELECT 1"));

        Assert.Equal(new WireTotals(Statements: 0, RoundTrips: 0, Connections: 1, Unreadable: 1), counts.Read());
    }

    // A startup message (no type byte), authentication ok, a parameter, the key, ReadyForQuery.
    private static WireCounts.Conversation Connect(WireCounts.Conversation connection)
    {
        var body = (byte[])[0, 3, 0, 0, .. Text("user"), .. Text("postgres"), 0];
        connection.FromClient([.. Int(body.Length + 4), .. body]);
        connection.FromServer([.. Message('R', Int(0)), .. Message('S', [.. Text("TimeZone"), .. Text("UTC")]), .. Message('K', [.. Int(42), .. Int(7)]), .. Ready]);
        return connection;
    }

    // Parse, Bind, Describe, Execute, Sync: how Npgsql sends a statement.
    private static byte[] Statement(string sql) =>
        [.. Message('P', [0, .. Text(sql), 0, 0]), .. Message('B', [0, 0, 0, 0, 0, 0, 0, 0]), .. Message('D', [(byte)'P', 0]), .. Message('E', [0, 0, 0, 0, 0]), .. Message('S', [])];

    private static byte[] Query(string sql) => Message('Q', Text(sql));

    private static byte[] Message(char type, byte[] body) => [(byte)type, .. Int(body.Length + 4), .. body];

    private static byte[] Text(string text) => [.. Encoding.UTF8.GetBytes(text), 0];

    private static byte[] Int(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
