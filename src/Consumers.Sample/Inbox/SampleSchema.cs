namespace Tchek.Events.Consumers.Sample.Inbox;

internal static class SampleSchema
{
    /// <summary>Creates the sample's tables if they are missing (a sample keeps it simple; the poller uses real migrations).</summary>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var stream = typeof(SampleSchema).Assembly.GetManifestResourceStream("Tchek.Events.Consumers.Sample.Inbox.Schema.sql")
            ?? throw new InvalidOperationException("The schema resource is missing.");
        using var reader = new StreamReader(stream);
        await using var command = dataSource.CreateCommand(await reader.ReadToEndAsync(ct));
        await command.ExecuteNonQueryAsync(ct);
    }
}
