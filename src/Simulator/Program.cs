using Tchek.Events.Simulator;
using Tchek.Events.Simulator.Api;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<FaultOptions>().BindConfiguration(FaultOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.Seed is var seed and not 0 ? new Random(seed) : new Random());
builder.Services.AddSingleton<TokenRegistry>();
// Before the server starts: the tokens are back before the first request.
builder.Services.AddHostedService<TokenStatePersistence>();
builder.Services.AddSingleton<FaultSettings>();
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapVendorApi();
app.MapAdminApi();
app.MapGet("/health", () => Results.Ok());
// The probes compose and Kubernetes use, named as the poller's. Ready as soon as it answers: the
// saved tokens are loaded before the server starts.
app.MapHealthChecks("/health/live");
app.MapHealthChecks("/health/ready");
app.Run();

/// <summary>The simulator's entry point; public so tests can host it.</summary>
public partial class Program;
