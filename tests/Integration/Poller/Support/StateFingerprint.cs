using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>
/// Everything the poller stores, as one digest: every row of <c>tracked_tokens</c> and
/// <c>token_events</c>, every column (the row's text form), in primary key order. Two equal
/// fingerprints mean the stored state is byte-identical, not merely the same row count. A replay's
/// own bookkeeping (<c>replay_count</c>, <c>last_replayed_at</c>: how often an event was published
/// again, for the console's timeline) is left out: a replay is meant to write it, and nothing else.
/// </summary>
public sealed record StateFingerprint(string Digest, IReadOnlyList<string> Rows)
{
    private const string RowsSql = """
        SELECT row FROM (
            SELECT 0 AS source, t.uid AS uid, 0::bigint AS id, 'tracked_tokens ' || t::text AS row FROM tracked_tokens t
            UNION ALL
            SELECT 1, '', e.id, 'token_events ' || (to_jsonb(e) - 'replay_count' - 'last_replayed_at')::text FROM token_events e) stored
        ORDER BY source, uid COLLATE "C", id
        """;

    public static async Task<StateFingerprint> TakeAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(RowsSql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', rows))));
        return new StateFingerprint(digest, rows);
    }

    /// <summary>The rows that differ from <paramref name="before"/>, for a failure message.</summary>
    public string ChangesSince(StateFingerprint before) =>
        string.Join('\n', before.Rows.Except(Rows).Select(r => "- " + r).Concat(Rows.Except(before.Rows).Select(r => "+ " + r)));
}
