using System.Text.Json.Nodes;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>Answers shaped like the vendor's page (shared/seed), edited per test.</summary>
internal static class VendorPayloads
{
    public const string Uid = "T3D6288";

    // The example on the vendor's page, comments removed.
    public const string PageExample = """
        {
          "token": {
            "expired": false,
            "id": "zH10GzxInV",
            "createdAt": "2023-06-13T07:01:31.475Z",
            "updatedAt": "2023-06-13T07:05:53.879Z",
            "tradeinVehicle": true,
            "tradeinStatus": 5,
            "tradeinStatusUpdatedAt": "2023-06-13T07:05:53.747Z",
            "sendingType": 0,
            "tchekPtr": { "id": "cD3BrVtuhh", "type": 0, "percentDamage": null },
            "vehiclePtr": { "id": "iJgGBgndLi" },
            "customerPtr": { "id": "jI33qU2Dz1" },
            "creatorUserPtr": { "id": "xNsqRXw9gn" },
            "uid": "T3D6288",
            "deviceId": "T3D6288-pwa",
            "expiresIn": "2023-07-13T07:01:31.061Z",
            "options": {
              "thirdParty": false,
              "fastTrack": false,
              "shootInspect": true,
              "cost": false,
              "report": false,
              "downloadRoi": false,
              "loadTchek": true
            },
            "APITokenPtr": { "id": "lMIgFXXXXX" }
          },
          "webApiVersion": "v2"
        }
        """;

    /// <summary>The page's example with <paramref name="edit"/> applied to the whole body.</summary>
    public static string Edit(Action<JsonObject> edit)
    {
        var body = JsonNode.Parse(PageExample)!.AsObject();
        edit(body);
        return body.ToJsonString();
    }

    /// <summary>The page's example with <paramref name="edit"/> applied to the <c>token</c> object.</summary>
    public static string EditToken(Action<JsonObject> edit) => Edit(body => edit(body["token"]!.AsObject()));
}
