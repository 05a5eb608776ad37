using MassTransit;

namespace Tchek.Events.Consumers.Sample;

/// <summary>Reading the concrete event behind an <see cref="ITokenEvent"/> delivery.</summary>
internal static class TokenEvents
{
    /// <summary>The event's contract type name, as the envelope's first message type names it.</summary>
    public static string TypeName(ConsumeContext context)
    {
        var urn = context.SupportedMessageTypes.FirstOrDefault() ?? "";
        return urn[(urn.LastIndexOf(':') + 1)..];
    }

    /// <summary>The delivery as its concrete contract type, so consumers can match on it.</summary>
    public static ITokenEvent Concrete(ConsumeContext<ITokenEvent> context) => TypeName(context) switch
    {
        nameof(TokenTracked) => As<TokenTracked>(context),
        nameof(TokenStatusChanged) => As<TokenStatusChanged>(context),
        nameof(InspectionStarted) => As<InspectionStarted>(context),
        nameof(FirstPictureTaken) => As<FirstPictureTaken>(context),
        nameof(PicturesCompleted) => As<PicturesCompleted>(context),
        nameof(DamageValidationStarted) => As<DamageValidationStarted>(context),
        nameof(InspectionCompleted) => As<InspectionCompleted>(context),
        nameof(ChaseUpSent) => As<ChaseUpSent>(context),
        nameof(DamageAssessed) => As<DamageAssessed>(context),
        nameof(TokenExpired) => As<TokenExpired>(context),
        nameof(TokenTrackingStopped) => As<TokenTrackingStopped>(context),
        nameof(TokenErased) => As<TokenErased>(context),
        // A type this sample does not know yet (the contract grows additively): the common fields.
        _ => context.Message,
    };

    private static ITokenEvent As<T>(ConsumeContext<ITokenEvent> context) where T : class, ITokenEvent =>
        context.TryGetMessage<T>(out var typed) ? typed.Message : context.Message;
}
