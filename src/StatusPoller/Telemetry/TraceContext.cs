using System.Diagnostics;

namespace Tchek.Events.StatusPoller.Telemetry;

/// <summary>A span context as stored with an event: the W3C <c>traceparent</c> and <c>tracestate</c> texts.</summary>
internal static class TraceContext
{
    /// <summary>The <c>traceparent</c> of <paramref name="context"/>; null for no context (tracing off).</summary>
    public static string? TraceParent(ActivityContext context) => context == default
        ? null
        : string.Concat("00-", context.TraceId.ToHexString(), "-", context.SpanId.ToHexString(), (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "-01" : "-00");

    /// <summary>The <c>tracestate</c> of <paramref name="context"/>, if it has one that fits; a longer one is dropped, never the write.</summary>
    public static string? TraceState(ActivityContext context) => context.TraceState is { Length: > 0 and <= StoredEvent.MaxTraceState } state ? state : null;

    /// <summary>
    /// The current span's context when its trace is being collected, default otherwise. With tracing off ASP.NET Core
    /// still starts an unrecorded activity per request; storing it would be noise.
    /// </summary>
    public static ActivityContext Current() => Activity.Current is { } activity && activity.Source.HasListeners() ? activity.Context : default;

    /// <summary>The context stored as <paramref name="traceParent"/>; none when there is none or it does not parse.</summary>
    public static ActivityContext Parse(string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
}
