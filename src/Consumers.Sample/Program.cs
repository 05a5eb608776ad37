using MassTransit;
using Npgsql;
using Tchek.Events.Consumers.Sample;
using Tchek.Events.Consumers.Sample.AllEvents;
using Tchek.Events.Consumers.Sample.Crm;
using Tchek.Events.Consumers.Sample.Dms;
using Tchek.Events.Consumers.Sample.Inbox;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });

var rabbitMq = builder.Configuration.GetConnectionString("RabbitMq")
    ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not set (an AMQP URI such as amqp://guest:guest@localhost:5672/).");
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
    bus.UsingRabbitMq((context, rabbit) =>
    {
        rabbit.Host(new Uri(rabbitMq));
        rabbit.ConfigureEndpoints(context);
    });
});

var host = builder.Build();
await SampleSchema.ApplyAsync(host.Services.GetRequiredService<NpgsqlDataSource>());
await host.RunAsync();
