namespace Tchek.Events.Simulator.Faults;

/// <summary>Section <c>Faults</c>, also settable at run time (<c>PUT /admin/faults</c>): each a probability per request.</summary>
internal sealed class FaultOptions
{
    public const string Section = "Faults";

    /// <summary>Added to every answer.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Probability of a 429 with a <c>Retry-After</c> of <see cref="RetryAfter"/>.</summary>
    [Range(0.0, 1.0)]
    public double TooManyRequests { get; set; }

    /// <summary>The <c>Retry-After</c> given with a 429.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Probability of a 500.</summary>
    [Range(0.0, 1.0)]
    public double ServerError { get; set; }

    /// <summary>Probability of no answer for <see cref="Hang"/>, then 504.</summary>
    [Range(0.0, 1.0)]
    public double Timeout { get; set; }

    /// <summary>How long a timed-out request (or a stalled body) hangs.</summary>
    public TimeSpan Hang { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Probability of a truncated JSON body.</summary>
    [Range(0.0, 1.0)]
    public double Malformed { get; set; }

    /// <summary>Probability of another token's uid in the answer.</summary>
    [Range(0.0, 1.0)]
    public double WrongUid { get; set; }

    /// <summary>Probability of a status outside 0..6.</summary>
    [Range(0.0, 1.0)]
    public double UnknownStatus { get; set; }

    /// <summary>Probability of an answer whose body stops half way: the headers and half the body, then nothing for <see cref="Hang"/>, then the rest.</summary>
    [Range(0.0, 1.0)]
    public double StalledBody { get; set; }

    /// <summary>
    /// Probability of a true answer with one more field PostgreSQL cannot store: a string with a NUL, a string with
    /// half a surrogate pair, or a number past numeric's range (which only the write finds out).
    /// </summary>
    [Range(0.0, 1.0)]
    public double Unstorable { get; set; }
}
