namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// Failed console sign-ins per client address (<see cref="ConsoleOptions.MaxFailedSignIns"/> in
/// <see cref="ConsoleOptions.FailedSignInWindow"/>): one address guessing never locks out another.
/// </summary>
internal sealed class SignInAttempts(TimeProvider time, IOptionsMonitor<ConsoleOptions> options) : ClientFailures(time)
{
    protected override (int Max, TimeSpan Window) Limits => (options.CurrentValue.MaxFailedSignIns, options.CurrentValue.FailedSignInWindow);
}
