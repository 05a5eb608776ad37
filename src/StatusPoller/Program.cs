var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health/live");
app.Run();

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;
