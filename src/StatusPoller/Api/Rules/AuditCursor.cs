using System.Buffers.Text;

namespace Tchek.Events.StatusPoller.Api.Rules;

/// <summary>The <c>cursor</c> of <c>GET /audit</c>: the last entry's id of a page, versioned and base64url-encoded, opaque to clients.</summary>
internal static class AuditCursor
{
    private const string Prefix = "a1:";

    public static string Encode(long lastId) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + lastId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The id a cursor continues before, or null when it is not a cursor this API gave.</summary>
    public static long? Decode(string cursor)
    {
        if (cursor.Length > 64 || !Base64Url.IsValid(cursor))
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;
    }
}
