namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>Configuration of a poller under test: real services, the stub vendor, every interval about a second.</summary>
public static class PollerSettings
{
    public const string ApiKey = "test-api-key-0123456789-abcdefghij";

    public static Dictionary<string, string?> For(string database, Uri rabbitMq, Uri vendor, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database,
            ["ConnectionStrings:RabbitMq"] = rabbitMq.ToString(),
            ["Tchek:BaseUrl"] = vendor.ToString(),
            ["Tchek:MaxRetries"] = "0",
            ["Tchek:AttemptTimeout"] = "00:00:02",
            ["Tchek:TotalTimeout"] = "00:00:03",
            ["Api:Keys:0"] = ApiKey,
            ["Polling:IdleDelay"] = "00:00:00.100",
            ["Polling:LeaseDuration"] = "00:00:10",
            ["Polling:UnopenedInterval"] = "00:00:00.500",
            ["Polling:ActiveInterval"] = "00:00:00.500",
            ["Polling:CompletedInterval"] = "00:00:00.500",
            ["Polling:CompletedTail"] = "00:00:02",
            ["Polling:FailureBackoff"] = "00:00:01",
            ["Polling:MaxFailureBackoff"] = "00:00:04",
            ["Polling:JitterRatio"] = "0",
            ["Outbox:SweepInterval"] = "00:00:00.250",
            ["Outbox:PublishTimeout"] = "00:00:03",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
