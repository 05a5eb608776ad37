using MassTransit;

namespace Tchek.Events.Consumers.Sample.Dms;

/// <summary>
/// Records the damage figure and whether the report is available, for the dealer management system; on
/// <see cref="TokenErased"/> the record goes.
/// </summary>
internal sealed partial class DmsInspectionConsumer(Inbox.Inbox inbox, TimeProvider time, ILogger<DmsInspectionConsumer> logger) : IConsumer<ITokenEvent>
{
    public const string Name = "dms-inspection";

    public async Task Consume(ConsumeContext<ITokenEvent> context)
    {
        var evt = TokenEvents.Concrete(context);
        (decimal? Damage, bool? Report)? change = evt switch
        {
            InspectionCompleted completed => (completed.PercentDamage, completed.Options?.Report ?? false),
            DamageAssessed assessed => (assessed.PercentDamage, null),
            _ => null,
        };

        await inbox.ProcessAsync(Name, evt, async (connection, ct) =>
        {
            if (evt is TokenErased)
            {
                await using var forget = new Npgsql.NpgsqlCommand("DELETE FROM dms_inspections WHERE token_uid = @uid", connection);
                forget.Parameters.AddWithValue("uid", evt.TokenUid);
                await forget.ExecuteNonQueryAsync(ct);
                LogErased(evt.TokenUid);
                return;
            }

            if (change is not { } c)
            {
                return;
            }

            await using var write = new Npgsql.NpgsqlCommand("""
                INSERT INTO dms_inspections (token_uid, inspection_id, percent_damage, report_available, changed_at)
                VALUES (@uid, @inspection, @damage, coalesce(@report, false), @at)
                ON CONFLICT (token_uid) DO UPDATE SET
                    inspection_id = coalesce(excluded.inspection_id, dms_inspections.inspection_id),
                    percent_damage = coalesce(@damage, dms_inspections.percent_damage),
                    report_available = coalesce(@report, dms_inspections.report_available),
                    changed_at = excluded.changed_at
                """, connection);
            write.Parameters.AddWithValue("uid", evt.TokenUid);
            write.Parameters.Add(new Npgsql.NpgsqlParameter<string?>("inspection", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = evt.InspectionId });
            write.Parameters.Add(new Npgsql.NpgsqlParameter<decimal?>("damage", NpgsqlTypes.NpgsqlDbType.Numeric) { TypedValue = c.Damage });
            write.Parameters.Add(new Npgsql.NpgsqlParameter<bool?>("report", NpgsqlTypes.NpgsqlDbType.Boolean) { TypedValue = c.Report });
            write.Parameters.AddWithValue("at", time.GetUtcNow());
            await write.ExecuteNonQueryAsync(ct);
            LogRecorded(evt.TokenUid, c.Damage, c.Report switch { true => "yes", false => "no", null => "unchanged" });
        }, context.CancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "DMS: token {TokenUid} was erased; its inspection record is deleted")]
    private partial void LogErased(string tokenUid);

    [LoggerMessage(LogLevel.Information, "DMS: token {TokenUid} damage {PercentDamage}%, report available: {Report}")]
    private partial void LogRecorded(string tokenUid, decimal? percentDamage, string report);
}
