using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Tchek.Events.Simulator.Tokens;

/// <summary>
/// Writes a token's answer exactly as the vendor's page shows it: same fields, same order, same
/// casing, same nulls. Pure: the token, the simulated time and the real time are inputs.
/// </summary>
internal static class VendorPayload
{
    /// <param name="token">The token.</param>
    /// <param name="elapsed">Simulated time since the token's creation.</param>
    /// <param name="now">The wall-clock time, for <c>updatedAt</c>-like stamps.</param>
    /// <param name="uidOverride">Another uid to answer with (the "wrong uid" fault).</param>
    /// <param name="statusOverride">Another status (the "unknown status" fault).</param>
    /// <param name="statusSetAtOverride">When the overriding status was set (a flapping token's).</param>
    public static byte[] Write(
        SimulatedToken token, TimeSpan elapsed, DateTimeOffset now, string? uidOverride = null, int? statusOverride = null, DateTimeOffset? statusSetAtOverride = null)
    {
        var step = Lifecycle.StepAt(token.Steps, elapsed);
        var lastChange = token.Steps.Where(s => s.At <= elapsed).Max(s => s.At);
        var uid = uidOverride ?? token.Uid;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("token");
            json.WriteBoolean("expired", step.Expired);
            json.WriteString("id", token.Id);
            json.WriteString("createdAt", Iso(token.CreatedAt));
            json.WriteString("updatedAt", Iso(token.CreatedAt + lastChange));
            json.WriteBoolean("tradeinVehicle", true);
            json.WriteNumber("tradeinStatus", statusOverride ?? step.Status);
            json.WriteString("tradeinStatusUpdatedAt", Iso(statusSetAtOverride ?? token.CreatedAt + Lifecycle.StatusSetAt(token.Steps, elapsed)));
            json.WriteNumber("sendingType", token.SendingType);
            json.WriteStartObject("tchekPtr");
            json.WriteString("id", token.InspectionId);
            json.WriteNumber("type", 0);
            if (step.PercentDamage is { } damage)
            {
                json.WriteNumber("percentDamage", damage);
            }
            else
            {
                json.WriteNull("percentDamage");
            }

            json.WriteEndObject();
            Pointer(json, "vehiclePtr", token.VehicleId);
            Pointer(json, "customerPtr", token.CustomerId);
            Pointer(json, "creatorUserPtr", token.CreatorUserId);
            json.WriteString("uid", uid);
            json.WriteString("deviceId", uid + "-pwa");
            json.WriteString("expiresIn", Iso(token.CreatedAt + token.ValidFor));
            json.WriteStartObject("options");
            json.WriteBoolean("thirdParty", false);
            json.WriteBoolean("fastTrack", false);
            json.WriteBoolean("shootInspect", true);
            var reportReady = step.Status == 5;
            json.WriteBoolean("cost", reportReady);
            json.WriteBoolean("report", reportReady);
            json.WriteBoolean("downloadRoi", reportReady);
            json.WriteBoolean("loadTchek", true);
            json.WriteEndObject();
            Pointer(json, "APITokenPtr", token.ApiTokenId);
            json.WriteEndObject();
            json.WriteString("webApiVersion", "v2");
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Pointer(Utf8JsonWriter json, string name, string id)
    {
        json.WriteStartObject(name);
        json.WriteString("id", id);
        json.WriteEndObject();
    }

    private static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // JSON escapes, as the vendor's serializer would write them: PostgreSQL's jsonb refuses \u0000 and
    // a lone surrogate; numeric stops far below 10^1000000.
    private static readonly string[] UnstorableFields = ["\"note\":\"call\\u0000back\"", "\"note\":\"caf\\ud800\"", "\"weight\":1e1000000"];

    /// <summary>The answer with one more field that PostgreSQL cannot store, which of three chosen by <paramref name="draw"/>.</summary>
    public static byte[] WithUnstorableField(byte[] answer, double draw)
    {
        var field = UnstorableFields[(int)(draw * 1_000_003) % UnstorableFields.Length];
        var json = System.Text.Encoding.UTF8.GetString(answer);
        var at = json.IndexOf("\"token\":{", StringComparison.Ordinal) + "\"token\":{".Length;
        return System.Text.Encoding.UTF8.GetBytes(json.Insert(at, field + ","));
    }
}
