using System.Globalization;
using MassTransit;

namespace Tchek.Events.Consumers.Sample.AllEvents;

/// <summary>Prints one readable line per event: the quick start's window on the stream.</summary>
internal sealed class TokenEventLogConsumer(TextWriter output) : IConsumer<ITokenEvent>
{
    public Task Consume(ConsumeContext<ITokenEvent> context)
    {
        var evt = TokenEvents.Concrete(context);
        var detail = evt switch
        {
            TokenStatusChanged changed => $" {changed.PreviousStatus} -> {changed.Status}",
            InspectionCompleted completed => $" damage {completed.PercentDamage?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}%, report {(completed.Options?.Report == true ? "available" : "not available")}",
            DamageAssessed assessed => $" damage {assessed.PercentDamage.ToString(CultureInfo.InvariantCulture)}%",
            TokenTrackingStopped stopped => $" ({stopped.Reason})",
            TokenErased => " (forget this token)",
            _ => "",
        };
        var replayed = context.Headers.TryGetHeader("Replayed", out _) ? " [replayed]" : "";
        return output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{evt.OccurredAt:HH:mm:ss} {evt.TokenUid} #{evt.Sequence,-3} {TokenEvents.TypeName(context)}{(evt.Inferred ? " (inferred)" : "")}{detail} status={evt.Status}{replayed}"));
    }
}
