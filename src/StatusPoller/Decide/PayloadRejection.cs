namespace Tchek.Events.StatusPoller.Decide;

/// <summary>The kinds of invalid payload the spec names, plus a relied-upon field of the wrong type and content that cannot be stored.</summary>
internal enum PayloadRejectionKind
{
    NotJson,
    MissingToken,
    MissingUid,
    MissingStatus,
    UidMismatch,
    StatusOutOfRange,
    MalformedField,

    /// <summary>A string PostgreSQL cannot store (a NUL, or half a surrogate pair), anywhere in the token.</summary>
    Unstorable,
}

/// <summary>Why a payload was refused, in words fit for a log line (never the payload itself).</summary>
internal sealed record PayloadRejection(PayloadRejectionKind Kind, string Reason)
{
    public override string ToString() => $"{Kind}: {Reason}";
}
