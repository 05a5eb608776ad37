using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tchek.Events.StatusPoller.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class UpstreamHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_success_at",
                table: "tracked_tokens",
                type: "timestamp with time zone",
                nullable: true);

            // Hand-written (keep it if this migration is regenerated): an active token whose last poll
            // succeeded (no failure since) had its last success then. The others stay null and count
            // from when they were tracked, so they show stale: they have been failing. Stopped tokens
            // are never stale and are left alone.
            migrationBuilder.Sql("""
                UPDATE tracked_tokens SET last_success_at = last_polled_at
                WHERE state = 0 AND failure_count = 0 AND status IS NOT NULL AND last_polled_at IS NOT NULL;
                """);

            migrationBuilder.CreateTable(
                name: "upstream_episodes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cause = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    degraded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_unsettled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    restored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    degraded_event = table.Column<string>(type: "jsonb", nullable: false),
                    degraded_published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    restored_event = table.Column<string>(type: "jsonb", nullable: true),
                    restored_published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_upstream_episodes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ux_upstream_episodes_open",
                table: "upstream_episodes",
                column: "restored_at",
                unique: true,
                filter: "restored_at IS NULL")
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "upstream_episodes");

            migrationBuilder.DropColumn(
                name: "last_success_at",
                table: "tracked_tokens");
        }
    }
}
