using Tchek.Events.Chaos;

// ./chaos.sh [--short | --tokens 2000 --minutes 10 --speed 20 --seed 42]: exit 0 when nothing was lost, invented, scrambled or asked too early.
try
{
    var options = ChaosOptions.Parse(args);
    var run = new ChaosRun(options, ChaosEnvironment.FromVariables());
    var started = DateTime.UtcNow;
    var report = await run.RunAsync();
    Console.WriteLine(ChaosTable.Render(report, options, run, DateTime.UtcNow - started));
    return report.Passed ? 0 : 1;
}
catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine($"chaos: {ex.Message}");
    return 2;
}
