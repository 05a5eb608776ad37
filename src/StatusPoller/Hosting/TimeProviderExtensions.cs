namespace Tchek.Events.StatusPoller.Hosting;

internal static class TimeProviderExtensions
{
    /// <summary>Waits <paramref name="delay"/>, or less if <paramref name="ct"/> is cancelled meanwhile; never throws for that.</summary>
    public static async Task DelayQuietlyAsync(this TimeProvider time, TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
