using MassTransit;
using Tchek.Events.Consumers.Sample;

var builder = Host.CreateApplicationBuilder(args);

var rabbitMq = builder.Configuration.GetConnectionString("RabbitMq")
    ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not set (an AMQP URI such as amqp://guest:guest@localhost:5672/).");

builder.Services.AddMassTransit(bus =>
{
    bus.SetKebabCaseEndpointNameFormatter();
    bus.AddConsumer<TokenEventLogConsumer>();
    bus.UsingRabbitMq((context, rabbit) =>
    {
        rabbit.Host(new Uri(rabbitMq));
        rabbit.ConfigureEndpoints(context);
    });
});

builder.Build().Run();
