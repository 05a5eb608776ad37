using Tchek.Events.StatusPoller.Messaging;
using Tchek.Events.StatusPoller.Operations;
using Tchek.Events.StatusPoller.Operations.Subscribers;
using Tchek.Events.StatusPoller.OperatorConsole;

var builder = WebApplication.CreateBuilder(args);

// `subscribers add|bind|remove <name>`: a subscriber's broker account or queues, via the management API; then exit.
if (args is ["subscribers", .. var subscribers])
{
    Environment.ExitCode = await SubscribersCommand.RunAsync(subscribers, builder.Configuration, Console.Out, Console.Error);
    return;
}

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ApiExtensions.MaxRequestBodyBytes);
builder.AddManagementPort();

builder.Services
    .AddSingleton(TimeProvider.System)
    .AddPlaceholderCheck()
    .AddTrustedProxies()
    .AddPersistence()
    .AddAudit()
    .AddUpstream()
    .AddPolling()
    .AddOutbox()
    .AddUpstreamHealth()
    .AddMessaging()
    .AddTrackingApi()
    .AddOperations()
    .AddOperatorConsole()
    .AddTelemetry(builder.Configuration);

var app = builder.Build();

// `migrate`: apply the migrations as the schema owner, grant Database:RuntimeRole its rights, and exit.
if (args is ["migrate"])
{
    app.Services.RefusePlaceholders();
    await app.Services.MigrateDatabaseAsync();
    return;
}

// Migrate now, or with Database:MigrateAtStart=false only refuse a database that lacks a migration.
await app.Services.PrepareDatabaseAsync();

app.UseManagementPort();
app.UseForwardedHeaders();
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // Unreadable bodies are the client's fault in every environment: 400 (or 415), never 500.
    StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseUtf8RequestBodies();
app.MapOperations();
app.MapTokensApi();
app.MapAuditApi();
app.MapApiDescription();
app.MapOperatorConsole();

await app.RunAsync();

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;
