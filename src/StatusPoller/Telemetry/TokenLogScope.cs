using System.Collections;

namespace Tchek.Events.StatusPoller.Telemetry;

/// <summary>
/// The logging scope of one token's poll: <c>TokenUid</c>, which the JSON console formatter writes
/// on every line logged inside it. One small object per poll, where a dictionary would be four.
/// </summary>
internal sealed class TokenLogScope(string uid) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Key = "TokenUid";

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(Key, uid) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Key}:{uid}";
}
