namespace Tchek.Events.StatusPoller.Audit;

internal static class AuditExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditLog>();
        return services;
    }
}
