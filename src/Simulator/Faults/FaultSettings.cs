namespace Tchek.Events.Simulator.Faults;

/// <summary>The faults in force: from configuration at start, replaced at run time through the admin API.</summary>
internal sealed class FaultSettings(IOptions<FaultOptions> initial)
{
    private FaultOptions _current = initial.Value;

    public FaultOptions Current => Volatile.Read(ref _current);

    /// <summary>Replaces the faults; returns the validation errors instead when <paramref name="next"/> is invalid.</summary>
    public List<ValidationResult> Replace(FaultOptions next)
    {
        var errors = new List<ValidationResult>();
        if (Validator.TryValidateObject(next, new ValidationContext(next), errors, validateAllProperties: true))
        {
            Volatile.Write(ref _current, next);
        }

        return errors;
    }
}
