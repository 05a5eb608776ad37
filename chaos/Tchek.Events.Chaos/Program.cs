using Tchek.Events.Chaos;

// ./chaos.sh --help lists the switches (ChaosCommandLine). Exit 0 when nothing was lost, invented, scrambled or asked too early.
var commandLine = ChaosCommandLine.Parse(args);
if (ChaosCommandLine.Tool.Answer(commandLine, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

try
{
    var options = ChaosCommandLine.Options(commandLine, randomSeed: Environment.TickCount);
    var run = new ChaosRun(options, ChaosEnvironment.FromVariables(options.Ha));
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
