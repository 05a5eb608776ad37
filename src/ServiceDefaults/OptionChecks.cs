using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Tchek.Events.ServiceDefaults;

/// <summary>How a refused setting is worded, for every options class: the key, the rule, the value.</summary>
public static class OptionChecks
{
    /// <summary>
    /// The <see cref="ValidationContext.Items"/> entry naming the section of a nested options object
    /// (<c>Polling:Adaptive:Shooting</c>), which has no <c>Section</c> constant of its own.
    /// </summary>
    public const string SectionItem = "Section";

    /// <summary>"<paramref name="key"/> must be positive (it is <paramref name="value"/>)."</summary>
    /// <param name="key">The configuration key.</param>
    /// <param name="value">Its value.</param>
    public static string NotPositive(string key, object? value) => $"{key} must be positive (it is {value}).";

    /// <summary>"<paramref name="key"/> must be at least <paramref name="other"/> (value &lt; other's value)."</summary>
    /// <param name="key">The configuration key.</param>
    /// <param name="value">Its value.</param>
    /// <param name="other">What it must reach, in words (<c>its Floor</c>).</param>
    /// <param name="otherValue">That one's value.</param>
    public static string NotAtLeast(string key, object? value, string other, object? otherValue) =>
        $"{key} must be at least {other} ({value} < {otherValue}).";

    /// <summary>"<paramref name="key"/> must be at most <paramref name="other"/> (value &gt; other's value)."</summary>
    /// <param name="key">The configuration key.</param>
    /// <param name="value">Its value.</param>
    /// <param name="other">What it must not pass, in words.</param>
    /// <param name="otherValue">That one's value.</param>
    public static string NotAtMost(string key, object? value, string other, object? otherValue) =>
        $"{key} must be at most {other} ({value} > {otherValue}).";

    /// <summary>The key of the member being validated: its section (from <see cref="SectionItem"/> or the class's <c>Section</c> constant), a colon, its name.</summary>
    /// <param name="context">The validation of one member.</param>
    public static string KeyOf(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var section = context.Items.TryGetValue(SectionItem, out var item) && item is string given
            ? given
            : context.ObjectType.GetField("Section", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetRawConstantValue() as string;
        return section is null ? context.MemberName ?? context.DisplayName : $"{section}:{context.MemberName}";
    }
}

/// <summary>
/// A duration above zero. A <see cref="RangeAttribute"/>, so the configuration reference shows it as a
/// range, whose refusal names the key and the value like the other checks at start.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PositiveAttribute : RangeAttribute
{
    /// <summary>One tick up to <see cref="TimeSpan.MaxValue"/>: exactly "greater than zero".</summary>
    public PositiveAttribute()
        : base(typeof(TimeSpan), "00:00:00.0000001", "10675199.02:48:05.4775807")
    {
        ParseLimitsInInvariantCulture = true;
        ConvertValueInInvariantCulture = true;
    }

    /// <inheritdoc/>
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        IsValid(value)
            ? ValidationResult.Success
            : new ValidationResult(OptionChecks.NotPositive(OptionChecks.KeyOf(validationContext), value), validationContext.MemberName is { } member ? [member] : null);
}
