namespace Tchek.Events.StatusPoller.Relay;

internal static class OutboxExtensions
{
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<EventReplay>();
        services.AddSingleton<OutboxWindow>();
        services.AddSingleton<RelayLeadership>();
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        return services;
    }
}
