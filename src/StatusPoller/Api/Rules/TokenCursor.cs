using System.Buffers.Text;

namespace Tchek.Events.StatusPoller.Api.Rules;

/// <summary>
/// The <c>cursor</c> of <c>GET /tokens</c>: the last uid of a page, versioned and base64url-encoded.
/// Opaque to clients, so the keyset may change (a new prefix) without changing the API.
/// </summary>
internal static class TokenCursor
{
    private const string Prefix = "u1:";

    public static string Encode(string lastUid) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastUid));

    /// <summary>The uid a cursor continues after, or null when it is not a cursor this API gave.</summary>
    public static string? Decode(string cursor)
    {
        if (cursor.Length > 128 || !Base64Url.IsValid(cursor))
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return text.StartsWith(Prefix, StringComparison.Ordinal) && TokenUids.IsValid(text[Prefix.Length..]) ? text[Prefix.Length..] : null;
    }
}
