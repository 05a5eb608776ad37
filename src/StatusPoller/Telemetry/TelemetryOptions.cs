namespace Tchek.Events.StatusPoller.Telemetry;

/// <summary>
/// Section <c>Telemetry</c>: which libraries' own meters <c>/metrics</c> carries besides the poller's and the runtime's.
/// Each is recorded on every request, statement or publish it measures; see docs/benchmarks.md (Where a poll's cost goes)
/// for what each costs a poll. Traces are set apart, with the OTEL_* variables (docs/deploying/tracing-and-logs.md).
/// </summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>MassTransit's meter: messages published, consumed and faulted, and their durations, per message type.</summary>
    public bool MassTransitMeter { get; set; } = true;

    /// <summary>ASP.NET Core's meters (hosting, Kestrel, routing): the API's, the console's and the probes' requests.</summary>
    public bool AspNetCoreMeters { get; set; } = true;

    /// <summary>HttpClient's meters (<c>System.Net.Http</c>, name resolution): every vendor request, by status and connection.</summary>
    public bool HttpClientMeters { get; set; } = true;

    /// <summary>Npgsql's meter: every database statement's duration, and the connection pool's use.</summary>
    public bool NpgsqlMeter { get; set; } = true;
}
