namespace Tchek.Events.StatusPoller.Decide;

/// <summary>
/// The stages the Adaptive policy bounds intervals by: each has its own floor and ceiling because each changes at its
/// own pace.
/// </summary>
internal enum AdaptiveStage
{
    /// <summary>Progress 0: the link was never opened (status 0, or a chase-up before opening).</summary>
    Unopened,

    /// <summary>Progress 1..2: opened, pictures being taken.</summary>
    Shooting,

    /// <summary>Progress 3: the pictures are in, the vendor has not started validating.</summary>
    AwaitingValidation,

    /// <summary>Progress 4: the vendor is validating the damage.</summary>
    Validating,

    /// <summary>Progress 5: the completed tail (late damage figures).</summary>
    Completed,
}

internal static class AdaptiveStages
{
    /// <summary>The stage of a token that reached <paramref name="progress"/> (0..5).</summary>
    public static AdaptiveStage Of(int progress) => progress switch
    {
        <= TokenStatusCodes.Created => AdaptiveStage.Unopened,
        TokenStatusCodes.Opened or TokenStatusCodes.Shooting => AdaptiveStage.Shooting,
        TokenStatusCodes.PicturesTaken => AdaptiveStage.AwaitingValidation,
        TokenStatusCodes.DamageValidation => AdaptiveStage.Validating,
        _ => AdaptiveStage.Completed,
    };
}
