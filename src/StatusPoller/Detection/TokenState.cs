using Tchek.Events.StatusPoller.Upstream;

namespace Tchek.Events.StatusPoller.Detection;

/// <summary>
/// What is stored for a tracked token, as far as change detection is concerned.
/// </summary>
/// <param name="Uid">The token's uid.</param>
/// <param name="LastSequence">The sequence number of the token's last event (0 before any).</param>
/// <param name="Progress">The highest progress status (0..5) reached so far; 6 never counts.</param>
/// <param name="Snapshot">The last valid snapshot.</param>
internal sealed record TokenState(string Uid, long LastSequence, int Progress, TokenSnapshot Snapshot);
