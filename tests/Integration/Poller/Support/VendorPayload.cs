using System.Globalization;
using System.Text.Json.Nodes;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>A token answer shaped like the example on the vendor's page.</summary>
public static class VendorPayload
{
    public static JsonObject Create(string uid, int status, bool expired, decimal? percentDamage, DateTimeOffset statusUpdatedAt) => new()
    {
        ["token"] = new JsonObject
        {
            ["expired"] = expired,
            ["id"] = "zH10GzxInV",
            ["createdAt"] = "2026-06-13T07:01:31.475Z",
            ["updatedAt"] = Iso(DateTimeOffset.UtcNow),
            ["tradeinVehicle"] = true,
            ["tradeinStatus"] = status,
            ["tradeinStatusUpdatedAt"] = Iso(statusUpdatedAt),
            ["sendingType"] = 0,
            ["tchekPtr"] = new JsonObject { ["id"] = "insp-" + uid, ["type"] = 0, ["percentDamage"] = percentDamage },
            ["vehiclePtr"] = new JsonObject { ["id"] = "veh-" + uid },
            ["customerPtr"] = new JsonObject { ["id"] = "cust-" + uid },
            ["creatorUserPtr"] = new JsonObject { ["id"] = "xNsqRXw9gn" },
            ["uid"] = uid,
            ["deviceId"] = uid + "-pwa",
            ["expiresIn"] = "2027-12-31T00:00:00.000Z",
            ["options"] = new JsonObject
            {
                ["thirdParty"] = false,
                ["fastTrack"] = false,
                ["shootInspect"] = true,
                ["cost"] = false,
                ["report"] = status == 5,
                ["downloadRoi"] = false,
                ["loadTchek"] = true,
            },
            ["APITokenPtr"] = new JsonObject { ["id"] = "lMIgFXXXXX" },
        },
        ["webApiVersion"] = "v2",
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
