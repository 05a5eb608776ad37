namespace Tchek.Events.StatusPoller.Decide;

/// <summary>Which rule plans a token's interval after a successful poll (<c>Polling:Policy</c>).</summary>
internal enum SchedulePolicyKind
{
    /// <summary>One fixed interval per stage: unopened, active, completed.</summary>
    Fixed,

    /// <summary>Per stage, the floor after a change, growing geometrically to the ceiling while nothing changes.</summary>
    Adaptive,
}
