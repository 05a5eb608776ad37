using System.Diagnostics;

namespace Tchek.Events.Chaos;

/// <summary>
/// The run's own PostgreSQL and RabbitMQ (started by <c>./chaos.sh</c>, apart from the ones the
/// tests use, since the run stops and restarts them), and the commands that stop and start them.
/// </summary>
internal sealed record ChaosEnvironment(string Postgres, Uri RabbitMq, string StopDatabase, string StartDatabase, string StopBroker, string StartBroker)
{
    public static ChaosEnvironment FromVariables()
    {
        string Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set. Run the chaos runner through ./chaos.sh: it starts its own PostgreSQL cluster and RabbitMQ node and sets it.");
        return new ChaosEnvironment(
            Get("TCHEK_CHAOS_POSTGRES"),
            new Uri(Get("TCHEK_CHAOS_RABBITMQ")),
            Get("TCHEK_CHAOS_PG_STOP"),
            Get("TCHEK_CHAOS_PG_START"),
            Get("TCHEK_CHAOS_RABBITMQ_STOP"),
            Get("TCHEK_CHAOS_RABBITMQ_START"));
    }

    public static async Task ShellAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}): {await output}{await errors}");
        }
    }
}
