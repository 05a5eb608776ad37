using System.Globalization;

namespace Tchek.Events.Chaos;

/// <summary>How the run configures the simulator and the pollers.</summary>
internal static class Settings
{
    /// <summary>Vendor faults all run long: some 5xx, timeouts and invalid answers. 429s come in bursts (<see cref="FaultKind.RateLimit"/>).</summary>
    public static object VendorFaults(double tooManyRequests = 0, bool none = false) => new
    {
        TooManyRequests = tooManyRequests,
        RetryAfter = "00:00:01",
        ServerError = none ? 0 : 0.02,
        Timeout = none ? 0 : 0.005,
        Hang = "00:00:01.500",
        Malformed = none ? 0 : 0.01,
        WrongUid = none ? 0 : 0.005,
        UnknownStatus = none ? 0 : 0.005,
        StalledBody = none ? 0 : 0.005,
        Unstorable = none ? 0 : 0.005,
    };

    public static Dictionary<string, string> Simulator(ChaosOptions options) => new()
    {
        ["Simulator:Speed"] = F(options.Speed),
        ["Simulator:Seed"] = F(options.Seed),
        ["Faults:ServerError"] = "0.02",
        ["Faults:Timeout"] = "0.005",
        ["Faults:Hang"] = "00:00:01.500",
        ["Faults:Malformed"] = "0.01",
        ["Faults:WrongUid"] = "0.005",
        ["Faults:UnknownStatus"] = "0.005",
        ["Faults:StalledBody"] = "0.005",
        ["Faults:Unstorable"] = "0.005",
        ["Faults:RetryAfter"] = "00:00:01",
    };

    /// <summary>The poller's setting for the RabbitMQ cluster's nodes (<c>host:port</c>, comma-separated), beside the connection string.</summary>
    public const string ClusterNodes = "RabbitMq:ClusterNodes";

    /// <summary>A poller polling every token every <see cref="ChaosOptions.Interval"/>, claims of <see cref="ChaosOptions.Lease"/>, and a completed tail longer than any life after completion.</summary>
    public static Dictionary<string, string> Poller(ChaosOptions options, string database, IReadOnlyList<Uri> rabbitMq, Uri vendor)
    {
        var settings = Poller(options, database, rabbitMq[0], vendor);
        if (rabbitMq.Count > 1)
        {
            settings[ClusterNodes] = string.Join(',', rabbitMq.Select(node => $"{node.Host}:{node.Port}"));
        }

        return settings;
    }

    private static Dictionary<string, string> Poller(ChaosOptions options, string database, Uri rabbitMq, Uri vendor) => new()
    {
        ["ConnectionStrings:Postgres"] = database,
        ["ConnectionStrings:RabbitMq"] = rabbitMq.ToString(),
        ["Tchek:BaseUrl"] = new Uri(vendor, "apiV1/").ToString(),
        ["Tchek:AttemptTimeout"] = "00:00:01",
        ["Tchek:TotalTimeout"] = "00:00:03",
        ["Tchek:MaxRequestsPerSecond"] = "2000",
        ["Polling:UnopenedInterval"] = Duration(options.Interval),
        ["Polling:ActiveInterval"] = Duration(options.Interval),
        ["Polling:CompletedInterval"] = Duration(options.Interval),
        ["Polling:CompletedTail"] = Duration(options.MeanStep * 6),
        ["Polling:LeaseDuration"] = Duration(options.Lease),
        ["Polling:FailureBackoff"] = "00:00:00.500",
        ["Polling:MaxFailureBackoff"] = "00:00:04",
        ["Polling:IdleDelay"] = "00:00:00.100",
        ["Api:Keys:0"] = Population.ApiKey,
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };

    private static string Duration(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString(CultureInfo.InvariantCulture);
}
