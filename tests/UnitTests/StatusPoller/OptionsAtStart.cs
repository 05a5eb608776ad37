using Microsoft.Extensions.Options;

namespace Tchek.Events.UnitTests.StatusPoller;

/// <summary>What the start-time checks say of an options value: its attributes, as <c>ValidateDataAnnotations</c> runs them, then the given validators.</summary>
internal static class OptionsAtStart
{
    public static List<string> Failures<T>(T options, params IValidateOptions<T>[] validators)
        where T : class =>
        [.. validators.Prepend(new DataAnnotationValidateOptions<T>(null)).Select(v => v.Validate(null, options)).Where(r => r.Failed).SelectMany(r => r.Failures!)];
}
