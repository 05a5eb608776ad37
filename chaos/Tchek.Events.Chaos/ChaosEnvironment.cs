using System.Diagnostics;

namespace Tchek.Events.Chaos;

/// <summary>
/// The run's PostgreSQL and RabbitMQ, and the commands that strike them. The single-node run has its own node of each
/// (started by <c>./chaos.sh</c> through <c>scripts/chaos-services.sh</c>, apart from the ones the tests use, since the
/// run stops and restarts them). With <c>--ha</c>, the clusters of <c>scripts/ha-services.sh</c>: the three nodes of
/// the RabbitMQ cluster, the multi-host string of the Patroni pair, and the script's fault commands.
/// </summary>
internal sealed record ChaosEnvironment(
    string Postgres,
    IReadOnlyList<Uri> RabbitMq,
    string StopDatabase,
    string StartDatabase,
    string StopBroker,
    string StartBroker,
    string HaServices,
    Uri? Management = null)
{
    public bool Ha => RabbitMq.Count > 1;

    public static ChaosEnvironment FromVariables(bool ha)
    {
        string Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(ha
                ? $"{name} is not set. Run the chaos runner through ./chaos.sh --ha: it starts the clusters (scripts/ha-services.sh) and sets it."
                : $"{name} is not set. Run the chaos runner through ./chaos.sh: it starts its own PostgreSQL cluster and RabbitMQ node and sets it.");
        if (ha)
        {
            var nodes = Get("TCHEK_HA_RABBITMQ").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToList();
            if (nodes.Count != FaultPlan.BrokerNodes)
            {
                throw new InvalidOperationException($"TCHEK_HA_RABBITMQ names {nodes.Count} node(s); the run kills one of {FaultPlan.BrokerNodes}.");
            }

            return new ChaosEnvironment(Get("TCHEK_HA_POSTGRES"), nodes, "", "", "", "", Path.Combine(Testing.AppProcess.RepoRoot, "scripts", "ha-services.sh"), new Uri(Get("TCHEK_HA_RABBITMQ_MANAGEMENT")));
        }

        return new ChaosEnvironment(
            Get("TCHEK_CHAOS_POSTGRES"),
            [new Uri(Get("TCHEK_CHAOS_RABBITMQ"))],
            Get("TCHEK_CHAOS_PG_STOP"),
            Get("TCHEK_CHAOS_PG_START"),
            Get("TCHEK_CHAOS_RABBITMQ_STOP"),
            Get("TCHEK_CHAOS_RABBITMQ_START"),
            "");
    }

    /// <summary>Runs <paramref name="command"/>; each line it writes to stderr goes to <paramref name="onErrorLine"/> as it comes. Returns its stdout.</summary>
    public static async Task<string> ShellAsync(string command, Action<string>? onErrorLine = null)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                onErrorLine?.Invoke(line);
                errors.AppendLine(line);
            }
        });
        await process.WaitForExitAsync();
        await reading;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}): {await output}{errors}");
        }

        return await output;
    }
}
