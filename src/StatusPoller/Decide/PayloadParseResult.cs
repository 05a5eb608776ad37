using System.Diagnostics.CodeAnalysis;

namespace Tchek.Events.StatusPoller.Decide;

/// <summary>Either a typed snapshot or the reason the payload was refused.</summary>
internal readonly record struct PayloadParseResult
{
    private PayloadParseResult(TokenSnapshot? snapshot, PayloadRejection? rejection) =>
        (Snapshot, Rejection) = (snapshot, rejection);

    public TokenSnapshot? Snapshot { get; }
    public PayloadRejection? Rejection { get; }

    [MemberNotNullWhen(true, nameof(Snapshot))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsValid => Snapshot is not null;

    public static PayloadParseResult Valid(TokenSnapshot snapshot) => new(snapshot, null);

    public static PayloadParseResult Invalid(PayloadRejectionKind kind, string reason) => new(null, new PayloadRejection(kind, reason));
}
