namespace Tchek.Events.Simulator.Faults;

internal enum Fault
{
    None,
    TooManyRequests,
    ServerError,
    Timeout,
    Malformed,
    WrongUid,
    UnknownStatus,
    StalledBody,
    Unstorable,
}

/// <summary>Which fault, if any, a request gets for a uniform draw in [0, 1). Pure.</summary>
internal static class FaultPlan
{
    public static Fault Choose(FaultOptions options, double draw)
    {
        foreach (var (fault, probability) in new[]
        {
            (Fault.TooManyRequests, options.TooManyRequests),
            (Fault.ServerError, options.ServerError),
            (Fault.Timeout, options.Timeout),
            (Fault.Malformed, options.Malformed),
            (Fault.WrongUid, options.WrongUid),
            (Fault.UnknownStatus, options.UnknownStatus),
            (Fault.StalledBody, options.StalledBody),
            (Fault.Unstorable, options.Unstorable),
        })
        {
            if (draw < probability)
            {
                return fault;
            }

            draw -= probability;
        }

        return Fault.None;
    }
}
