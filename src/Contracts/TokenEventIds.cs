using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tchek.Events.Contracts;

/// <summary>
/// Computes <see cref="ITokenEvent.EventId"/>: a name-based UUID (RFC 9562 version 5, SHA-1) in the
/// namespace <see cref="Namespace"/> of the name <c>"{tokenUid}/{sequence}"</c>. Consumers can
/// recompute an id to check it, or to look up an event they expect.
/// </summary>
public static class TokenEventIds
{
    /// <summary>The UUID namespace of Tchek token events. Never changes.</summary>
    public static readonly Guid Namespace = new("2526b198-1bb3-4027-a5a1-9a86dbd3d575");

    /// <summary>The id of event number <paramref name="sequence"/> of token <paramref name="tokenUid"/>.</summary>
    public static Guid For(string tokenUid, long sequence)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenUid);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return NameBased(Namespace, string.Create(CultureInfo.InvariantCulture, $"{tokenUid}/{sequence}"));
    }

    /// <summary>A version 5 (SHA-1, name-based) UUID of <paramref name="name"/> (UTF-8) in <paramref name="namespaceId"/>.</summary>
    public static Guid NameBased(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for v5 UUIDs; it is an id, not a security control.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
