namespace Tchek.Events.StatusPoller.Decide;

/// <summary>The kinds of invalid payload the spec names, plus a relied-upon field of the wrong type.</summary>
internal enum PayloadRejectionKind
{
    NotJson,
    MissingToken,
    MissingUid,
    MissingStatus,
    UidMismatch,
    StatusOutOfRange,
    MalformedField,
}

/// <summary>Why a payload was refused, in words fit for a log line (never the payload itself).</summary>
internal sealed record PayloadRejection(PayloadRejectionKind Kind, string Reason)
{
    public override string ToString() => $"{Kind}: {Reason}";
}
