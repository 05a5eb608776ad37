using MassTransit;
using Tchek.Events.Consumers.Sample.Inbox;

namespace Tchek.Events.Consumers.Sample.Crm;

/// <summary>
/// Moves a CRM lead through its stages and writes its timeline. It subscribes to every token event to
/// see every <c>Sequence</c> and notice gaps; the inbox makes timeline entries idempotent. On
/// <see cref="TokenErased"/> the lead and its timeline go.
/// </summary>
internal sealed partial class CrmLeadConsumer(Inbox.Inbox inbox, TimeProvider time, ILogger<CrmLeadConsumer> logger) : IConsumer<ITokenEvent>
{
    public const string Name = "crm-lead";

    public async Task Consume(ConsumeContext<ITokenEvent> context)
    {
        var evt = TokenEvents.Concrete(context);
        var outcome = await inbox.ProcessAsync(Name, evt, async (connection, ct) =>
        {
            if (evt is TokenErased)
            {
                await using var forget = new Npgsql.NpgsqlCommand("""
                    DELETE FROM crm_activities WHERE token_uid = @uid;
                    DELETE FROM crm_leads WHERE token_uid = @uid;
                    """, connection);
                forget.Parameters.AddWithValue("uid", evt.TokenUid);
                await forget.ExecuteNonQueryAsync(ct);
                LogErased(evt.TokenUid);
                return;
            }

            if (LeadStages.Activity(evt) is { } activity)
            {
                await using var log = new Npgsql.NpgsqlCommand("INSERT INTO crm_activities (token_uid, activity, at) VALUES (@uid, @activity, @at)", connection);
                log.Parameters.AddWithValue("uid", evt.TokenUid);
                log.Parameters.AddWithValue("activity", activity);
                log.Parameters.AddWithValue("at", evt.OccurredAt);
                await log.ExecuteNonQueryAsync(ct);
            }

            await using var read = new Npgsql.NpgsqlCommand("SELECT stage FROM crm_leads WHERE token_uid = @uid FOR UPDATE", connection);
            read.Parameters.AddWithValue("uid", evt.TokenUid);
            var current = await read.ExecuteScalarAsync(ct) is string stage ? Enum.Parse<LeadStage>(stage) : (LeadStage?)null;
            if (LeadStages.Next(current, evt) is not { } next)
            {
                return;
            }

            await using var write = new Npgsql.NpgsqlCommand("""
                INSERT INTO crm_leads (token_uid, stage, changed_at) VALUES (@uid, @stage, @at)
                ON CONFLICT (token_uid) DO UPDATE SET stage = excluded.stage, changed_at = excluded.changed_at
                """, connection);
            write.Parameters.AddWithValue("uid", evt.TokenUid);
            write.Parameters.AddWithValue("stage", next.ToString());
            write.Parameters.AddWithValue("at", time.GetUtcNow());
            await write.ExecuteNonQueryAsync(ct);
            LogMoved(evt.TokenUid, next.ToString());
        }, context.CancellationToken);

        if (outcome == InboxOutcome.Duplicate)
        {
            LogDuplicate(evt.TokenUid, evt.Sequence);
        }
    }

    [LoggerMessage(LogLevel.Information, "CRM: lead of token {TokenUid} is now {Stage}")]
    private partial void LogMoved(string tokenUid, string stage);

    [LoggerMessage(LogLevel.Information, "CRM: token {TokenUid} was erased; its lead and timeline are deleted")]
    private partial void LogErased(string tokenUid);

    [LoggerMessage(LogLevel.Debug, "CRM: event {Sequence} of token {TokenUid} was already processed")]
    private partial void LogDuplicate(string tokenUid, long sequence);
}
