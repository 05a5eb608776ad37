extern alias sample;

using sample::Tchek.Events.Consumers.Sample.Crm;
using Tchek.Events.Contracts;

namespace Tchek.Events.UnitTests.Consumers.Sample.Crm;

public sealed class LeadStagesTests
{
    public static TheoryData<string?, string, string?> Moves() => new()
    {
        { null, nameof(InspectionStarted), "InspectionStarted" },
        { null, nameof(InspectionCompleted), "ReportReady" },
        { "LinkSent", nameof(PicturesCompleted), "PicturesReceived" },
        { "InspectionStarted", nameof(PicturesCompleted), "PicturesReceived" },
        { "PicturesReceived", nameof(InspectionStarted), null },
        { "PicturesReceived", nameof(InspectionCompleted), "ReportReady" },
        { "ReportReady", nameof(TokenExpired), null },
        { "PicturesReceived", nameof(TokenExpired), "LinkExpired" },
        { "InspectionStarted", nameof(TokenStatusChanged), null },
        { "InspectionStarted", nameof(ChaseUpSent), null },
        { "LinkExpired", nameof(InspectionCompleted), null },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void A_lead_only_moves_forward_on_the_events_that_matter(string? current, string eventType, string? next)
    {
        ITokenEvent evt = eventType switch
        {
            nameof(InspectionStarted) => new InspectionStarted(),
            nameof(PicturesCompleted) => new PicturesCompleted(),
            nameof(InspectionCompleted) => new InspectionCompleted(),
            nameof(TokenExpired) => new TokenExpired(),
            nameof(ChaseUpSent) => new ChaseUpSent(),
            _ => new TokenStatusChanged(),
        };

        var moved = LeadStages.Next(current is null ? null : Enum.Parse<LeadStage>(current), evt);

        Assert.Equal(next, moved?.ToString());
    }
}
