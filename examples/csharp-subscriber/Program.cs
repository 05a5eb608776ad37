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
            // A quorum queue, replicated across the broker's nodes. A message delivered 5 times without being settled
            // (the process died each time) goes to crm-token-events_error instead of round again. These are the
            // arguments `subscribers add --queue` declares: a declare must repeat them exactly.
            endpoint.SetQuorumQueue();
            endpoint.SetQueueArgument("x-delivery-limit", 5);
            endpoint.SetQueueArgument("x-dead-letter-exchange", "crm-token-events_error");
            endpoint.BindDeadLetterQueue("crm-token-events_error", "crm-token-events_error", error =>
            {
                // MassTransit declares the _error queue with the queue's own arguments: the same here.
                error.SetQuorumQueue();
                error.SetQueueArgument("x-delivery-limit", 5);
                error.SetQueueArgument("x-dead-letter-exchange", "crm-token-events_error");
            });
            endpoint.ConfigureConsumeTopology = false; // bind nothing: the exchanges are the poller's
            endpoint.PublishFaults = false; // Fault<T> exchanges are outside your prefix; failures go to crm-token-events_error
            // Per-token order: a partition per token (16 tokens at a time, each one's events in order).
            endpoint.ConfigureConsumer<TokenEventsConsumer>(context, consumer =>
                consumer.Message<ITokenEvent>(message => message.UsePartitioner(16, c => c.Message.TokenUid)));
        });
    });
});

await builder.Build().RunAsync();
