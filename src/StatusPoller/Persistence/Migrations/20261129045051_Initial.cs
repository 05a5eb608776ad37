using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tchek.Events.StatusPoller.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "token_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_token_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tracked_tokens",
                columns: table => new
                {
                    uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    external_reference = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    state = table.Column<int>(type: "integer", nullable: false),
                    stop_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    status = table.Column<int>(type: "integer", nullable: true),
                    progress = table.Column<int>(type: "integer", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false),
                    snapshot = table.Column<string>(type: "jsonb", nullable: true),
                    expired = table.Column<bool>(type: "boolean", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_poll_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_polled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    failure_count = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    lease_owner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    lease_version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tracked_tokens", x => x.uid);
                });

            migrationBuilder.CreateIndex(
                name: "IX_token_events_created_at",
                table: "token_events",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_token_events_event_id",
                table: "token_events",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_token_events_uid_sequence",
                table: "token_events",
                columns: new[] { "uid", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_token_events_unpublished",
                table: "token_events",
                column: "id",
                filter: "published_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tracked_tokens_due",
                table: "tracked_tokens",
                column: "next_poll_at",
                filter: "state = 0");

            migrationBuilder.CreateIndex(
                name: "ix_tracked_tokens_status",
                table: "tracked_tokens",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "token_events");

            migrationBuilder.DropTable(
                name: "tracked_tokens");
        }
    }
}
