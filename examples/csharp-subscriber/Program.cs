using MassTransit;
using Tchek.Events.Contracts;
using Tchek.Events.Examples.Subscriber;

var builder = Host.CreateApplicationBuilder(args);
var poller = builder.Configuration.GetSection("Poller");

builder.Services.AddSingleton<CrmBoard>(); // in memory here; your own database in production
builder.Services.AddSingleton(new PollerEvents(new HttpClient
{
    BaseAddress = new Uri(poller["Url"] ?? "http://localhost:8080/"),
    DefaultRequestHeaders = { { "X-Api-Key", poller["ApiKey"] ?? "" } },
}));
builder.Services.AddMassTransit(bus =>
{
    bus.AddConsumer<TokenEventsConsumer>();
    bus.UsingRabbitMq((context, rabbit) =>
    {
        rabbit.Host(new Uri(builder.Configuration.GetConnectionString("RabbitMq") ?? "amqp://guest:guest@localhost:5672/"));
        // Your own durable queue, named under your account's prefix. `subscribers add crm --queue crm-token-events`
        // made it and bound it to Tchek.Events.Contracts:ITokenEvent: your account may not declare that exchange.
        rabbit.ReceiveEndpoint("crm-token-events", endpoint =>
        {
            endpoint.ConfigureConsumeTopology = false; // bind nothing: the exchanges are the poller's
            endpoint.PublishFaults = false; // Fault<T> exchanges are outside your prefix; failures go to crm-token-events_error
            // Per-token order: a partition per token (16 tokens at a time, each one's events in order).
            endpoint.ConfigureConsumer<TokenEventsConsumer>(context, consumer =>
                consumer.Message<ITokenEvent>(message => message.UsePartitioner(16, c => c.Message.TokenUid)));
        });
    });
});

await builder.Build().RunAsync();
