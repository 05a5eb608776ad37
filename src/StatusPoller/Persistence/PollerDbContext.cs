using Microsoft.EntityFrameworkCore;

namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// The schema, for migrations only: every statement at run time belongs to its table's owner, in SQL.
/// </summary>
internal sealed class PollerDbContext(DbContextOptions<PollerDbContext> options) : DbContext(options)
{

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TrackedToken>(token =>
        {
            token.ToTable("tracked_tokens");
            token.HasKey(t => t.Uid);
            token.Property(t => t.Uid).HasMaxLength(64);
            token.Property(t => t.ExternalReference).HasMaxLength(256);
            token.Property(t => t.Metadata).HasColumnType("jsonb");
            token.Property(t => t.Snapshot).HasColumnType("jsonb");
            token.Property(t => t.StopReason).HasMaxLength(32);
            token.Property(t => t.LastError).HasMaxLength(1024);
            token.Property(t => t.LeaseOwner).HasMaxLength(128);
            // "What is due now" reads only active tokens, in due order.
            token.HasIndex(t => t.NextPollAt).HasDatabaseName("ix_tracked_tokens_due").HasFilter("state = 0");
            // GET /tokens pages in uid order: each filter has an index that yields its rows in that
            // order, so a page reads its own rows and stops (TokenListPlanTests checks at a million rows).
            token.HasIndex(t => new { t.Status, t.Uid }).HasDatabaseName("ix_tracked_tokens_status");
            // No (state, uid) index: every poll's write is a non-HOT update that would insert into it.
            // A state filter reads the primary key in uid order (tokens mostly stopped), or the
            // partial due index when few are tracked.
            token.HasIndex(t => new { t.ExternalReference, t.Uid }).HasDatabaseName("ix_tracked_tokens_external_reference").HasFilter("external_reference IS NOT NULL");
            // updatedSince: the changed rows are found here, then sorted by uid (a page of recent changes is small).
            token.HasIndex(t => t.UpdatedAt, "ix_tracked_tokens_updated");
            // The claim takes failing tokens first, from their own share: without this, finding the
            // (usually none) due failing tokens walks every due token.
            token.HasIndex(t => t.NextPollAt, "ix_tracked_tokens_due_failing").HasFilter("state = 0 AND failure_count > 0");
            // Housekeeping finds stopped tokens past their retention, and erased ones, without a scan.
            token.HasIndex(t => t.UpdatedAt).HasDatabaseName("ix_tracked_tokens_stopped").HasFilter("state = 1");
            token.HasIndex(t => t.ErasedAt).HasDatabaseName("ix_tracked_tokens_erased").HasFilter("erased_at IS NOT NULL");
            // When the request budget binds, the claim takes the due healthy tokens of each planned
            // interval in due order from here (one short range per interval), and ranks only those.
            token.HasIndex(t => new { t.PollInterval, t.NextPollAt }).HasDatabaseName("ix_tracked_tokens_due_by_interval").HasFilter("state = 0 AND failure_count = 0");
        });

        modelBuilder.Entity<StoredEvent>(evt =>
        {
            evt.ToTable("token_events");
            evt.HasKey(e => e.Id);
            evt.Property(e => e.Id).UseIdentityAlwaysColumn();
            evt.Property(e => e.Uid).HasMaxLength(64);
            evt.Property(e => e.Type).HasMaxLength(64);
            evt.Property(e => e.Payload).HasColumnType("jsonb");
            // "00-" + 32 + "-" + 16 + "-" + 2; a tracestate longer than W3C's 512 is not kept.
            evt.Property(e => e.TraceParent).HasMaxLength(55);
            evt.Property(e => e.TraceState).HasMaxLength(StoredEvent.MaxTraceState);
            // A constant default: adding the column rewrites no row of a long log.
            evt.Property(e => e.ReplayCount).HasDefaultValue(0);
            evt.HasIndex(e => e.EventId).IsUnique();
            evt.HasIndex(e => new { e.Uid, e.Sequence }).IsUnique();
            // "What is unpublished" stays an index range scan however long the log grows.
            evt.HasIndex(e => e.Id).HasDatabaseName("ix_token_events_unpublished").HasFilter("published_at IS NULL");
            evt.HasIndex(e => e.CreatedAt);
        });

        modelBuilder.Entity<UpstreamEpisodeRow>(episode =>
        {
            episode.ToTable("upstream_episodes");
            episode.HasKey(e => e.Id);
            episode.Property(e => e.Id).ValueGeneratedNever();
            episode.Property(e => e.Cause).HasMaxLength(32);
            episode.Property(e => e.DecidedBy).HasMaxLength(128);
            episode.Property(e => e.DegradedEvent).HasColumnType("jsonb");
            episode.Property(e => e.RestoredEvent).HasColumnType("jsonb");
            // At most one open episode, whichever instance (or two, in a failover's overlap) opens it:
            // a second insert conflicts and the episode already open is the one carried on.
            episode.HasIndex(e => e.RestoredAt).HasDatabaseName("ux_upstream_episodes_open").IsUnique().AreNullsDistinct(false).HasFilter("restored_at IS NULL");
        });

        modelBuilder.Entity<RequestBudgetRow>(budget =>
        {
            budget.ToTable("request_budgets");
            budget.HasKey(b => b.Name);
            budget.Property(b => b.Name).HasMaxLength(32);
        });

        modelBuilder.Entity<AuditLogRow>(entry =>
        {
            entry.ToTable("audit_log");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).UseIdentityAlwaysColumn();
            entry.Property(e => e.Actor).HasMaxLength(128);
            entry.Property(e => e.Channel).HasMaxLength(16);
            entry.Property(e => e.Action).HasMaxLength(32);
            entry.Property(e => e.Uid).HasMaxLength(64);
            entry.Property(e => e.Detail).HasMaxLength(512);
            entry.Property(e => e.Outcome).HasMaxLength(32);
            entry.Property(e => e.ClientAddress).HasMaxLength(64);
            // Pages walk newest first by id; retention deletes by time; erasure and the uid filter find a token's rows.
            entry.HasIndex(e => e.At).HasDatabaseName("ix_audit_log_at");
            entry.HasIndex(e => new { e.Uid, e.Id }).HasDatabaseName("ix_audit_log_uid").HasFilter("uid IS NOT NULL");
        });

        modelBuilder.Entity<SessionRevocationRow>(revocation =>
        {
            revocation.ToTable("console_session_revocations");
            revocation.HasKey(r => r.SessionId);
            revocation.Property(r => r.SessionId).HasMaxLength(64);
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
