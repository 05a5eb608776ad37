namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

internal static class OverviewExtensions
{
    /// <summary>The overview's sampler and its in-memory history (the page reads the history); <see cref="ConsoleOptions"/> says how often.</summary>
    public static IServiceCollection AddConsoleOverview(this IServiceCollection services)
    {
        services.AddSingleton<PollerCounters>();
        services.AddSingleton(sp => new OverviewHistory(OverviewFigures.Capacity(sp.GetRequiredService<IOptions<ConsoleOptions>>().Value.SampleInterval)));
        services.AddHostedService<OverviewSampler>();
        return services;
    }
}
