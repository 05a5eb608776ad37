using System.ComponentModel.DataAnnotations;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>Section <c>Api</c>: the tracking API's keys and limits.</summary>
internal sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>Accepted API keys. Secrets: set them from the environment (<c>Api__Keys__0</c>, ...). None configured = every request is refused (and a warning at start); outside Development each is at least 32 characters.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Header carrying the key.</summary>
    [Required]
    public string KeyHeader { get; set; } = "X-Api-Key";

    /// <summary>Most uids in one <c>POST /tokens/batch</c>.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Longest time window of a <c>POST /events/replay</c> that names no token; positive.</summary>
    public TimeSpan MaxReplayWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Most events one replay request may publish.</summary>
    [Range(1, 1_000_000)]
    public int MaxReplayEvents { get; set; } = 10_000;

    /// <summary>Serve the Scalar UI at <c>/docs</c> outside Development too (it is always on in Development; <c>/openapi/v1.json</c> is always served).</summary>
    public bool ExposeDocs { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxReplayWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(MaxReplayWindow)} must be positive (it is {MaxReplayWindow}).", [nameof(MaxReplayWindow)]);
        }
    }
}
