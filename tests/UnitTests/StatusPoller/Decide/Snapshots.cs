using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>Typed snapshots for detector tests, without going through JSON.</summary>
internal static class Snapshots
{
    public const string Uid = "T3D6288";

    public static readonly DateTimeOffset Start = new(2026, 6, 13, 7, 0, 0, TimeSpan.Zero);

    /// <summary>A token at <paramref name="status"/>, the status set <paramref name="minute"/> minutes after <see cref="Start"/>.</summary>
    public static TokenSnapshot At(int status, int minute = 0) => new()
    {
        Uid = Uid,
        Status = status,
        StatusUpdatedAt = Start.AddMinutes(minute),
        ExpiresAt = Start.AddDays(30),
        CreatedAt = Start,
        UpdatedAt = Start.AddMinutes(minute),
        InspectionId = "cD3BrVtuhh",
        VehicleId = "iJgGBgndLi",
        CustomerId = "jI33qU2Dz1",
        CreatorUserId = "xNsqRXw9gn",
        ApiTokenId = "lMIgFXXXXX",
        SendingType = 0,
        TokenJson = "{}",
    };
}
