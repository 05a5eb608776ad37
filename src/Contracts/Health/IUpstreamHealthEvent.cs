namespace Tchek.Events.Contracts;

/// <summary>
/// What every upstream health event carries. These are not token events: they say whether the
/// vendor answers the poller at all, so a subscriber can tell "my CRM shows stale statuses because
/// the vendor is failing" from "nothing happened". Bind a queue to this type's exchange
/// (<c>Tchek.Events.Contracts:IUpstreamHealthEvent</c>) to receive both <see cref="UpstreamDegraded"/>
/// and <see cref="UpstreamRestored"/>, or to one concrete type's exchange for just that fact.
/// </summary>
public interface IUpstreamHealthEvent
{
    /// <summary>
    /// Deterministic: the same for every delivery of the same fact (see <see cref="UpstreamHealthEventIds"/>),
    /// and the MassTransit <c>MessageId</c>. Deduplicate on it.
    /// </summary>
    Guid EventId { get; }

    /// <summary>The episode this event opens or closes: an <see cref="UpstreamDegraded"/> and its <see cref="UpstreamRestored"/> share it.</summary>
    Guid EpisodeId { get; }

    /// <summary>The figures the deciding instance saw when it decided.</summary>
    UpstreamFigures Figures { get; }

    /// <summary>The poller instance that decided (the one whose outbox relay was active), for the operator's logs.</summary>
    string InstanceId { get; }
}
