using MassTransit;
using Tchek.Events.Consumers.Sample;
using Tchek.Events.Consumers.Sample.AllEvents;
using Tchek.Events.Consumers.Sample.Crm;
using Tchek.Events.Consumers.Sample.Dms;
using Tchek.Events.Consumers.Sample.Inbox;

// A web host only for /health/live and /health/ready (the bus's own health check): what compose and
// Kubernetes probe. It serves nothing else.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });

var database = builder.Configuration.GetConnectionString("Sample")
    ?? throw new InvalidOperationException("ConnectionStrings:Sample is not set (an Npgsql connection string to the sample consumers' own database).");

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(NpgsqlDataSource.Create(database));
builder.Services.AddSingleton<Inbox>();
builder.Services.AddSingleton(Console.Out);
builder.Services.AddSampleTelemetry(builder.Configuration);
builder.Services.AddMassTransit(bus =>
{
    bus.AddConsumer<CrmLeadConsumer, CrmLeadConsumerDefinition>();
    bus.AddConsumer<DmsInspectionConsumer, DmsInspectionConsumerDefinition>();
    bus.AddConsumer<TokenEventLogConsumer, TokenEventLogConsumerDefinition>();
    // ConnectionStrings:RabbitMq (amqp:// or amqps://) and section RabbitMq, read exactly as the poller reads them.
    bus.UsingTchekRabbitMq((context, rabbit) =>
    {
        // Every name the narrow samples account touches starts with its prefix, the bus's own queue too.
        rabbit.OverrideDefaultBusEndpointQueueName($"{SampleQueues.Prefix}bus-{NewId.NextGuid():N}");
        rabbit.ConfigureEndpoints(context);
    });
});

builder.Services.AddSampleHealthChecks();

var app = builder.Build();
await SampleSchema.ApplyAsync(app.Services.GetRequiredService<NpgsqlDataSource>());
app.MapTchekHealthChecks();
await app.RunAsync();

/// <summary>The sample consumers' entry point; public so tests can name it.</summary>
public partial class Program;
