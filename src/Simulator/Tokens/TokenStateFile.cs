using System.Text.Json;

namespace Tchek.Events.Simulator.Tokens;

/// <summary>
/// The simulator's tokens on disk (<c>Simulator:StatePath</c>), with wall-clock creation times and lives scaled to real
/// time, so a restart answers as before and lives go on meanwhile, as the vendor's do.
/// </summary>
internal static class TokenStateFile
{
    private const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The tokens in <paramref name="path"/>; none when the file does not exist yet.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read or is not a valid token state; it is left as it is.</exception>
    public static IReadOnlyList<SimulatedToken> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        State? state;
        try
        {
            using var file = File.OpenRead(path);
            state = JsonSerializer.Deserialize<State>(file, Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw Refused(path, e.Message, e);
        }

        if (state is not { Version: CurrentVersion, Tokens: { } tokens })
        {
            throw Refused(path, $"not a token state file of version {CurrentVersion}");
        }

        var uids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (Problem(tokens[i], uids) is { } problem)
            {
                throw Refused(path, $"token #{i}: {problem}");
            }
        }

        return tokens;
    }

    /// <summary>
    /// Writes <paramref name="tokens"/> to <paramref name="path"/> atomically: a temporary file
    /// beside it, flushed to disk, then renamed over it; a crash leaves the old file or the new one.
    /// </summary>
    public static void Save(string path, IReadOnlyList<SimulatedToken> tokens)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(file, new State(CurrentVersion, tokens), Json);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string? Problem(SimulatedToken? token, HashSet<string> uids)
    {
        if (token?.Uid is not { Length: >= 3 and <= 64 } uid || !uid.All(char.IsAsciiLetterOrDigit))
        {
            return "no uid of 3 to 64 letters or digits";
        }

        if (!uids.Add(uid))
        {
            return $"uid {uid} appears twice";
        }

        if (new[] { token.Id, token.InspectionId, token.VehicleId, token.CustomerId, token.CreatorUserId, token.ApiTokenId }.Any(string.IsNullOrEmpty))
        {
            return $"token {uid} lacks one of its ids";
        }

        if (token.SendingType is < 0 or > 2)
        {
            return $"token {uid}: sendingType {token.SendingType} is outside 0..2";
        }

        if (token.ValidFor <= TimeSpan.Zero)
        {
            return $"token {uid}: validFor must be positive";
        }

        return Lifecycle.Validate(token.Steps) is { } error ? $"token {uid}: {error}" : null;
    }

    private static InvalidDataException Refused(string path, string reason, Exception? inner = null) => new(
        $"Simulator:StatePath {path} cannot be loaded ({reason}). The simulator does not start, and leaves the file as it is: fix it, move it away, or delete it to start with no tokens.",
        inner);

    private sealed record State(int Version, IReadOnlyList<SimulatedToken>? Tokens);
}
