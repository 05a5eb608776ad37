using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tchek.Events.StatusPoller.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RequestBudget : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "request_budgets",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    micro_polls = table.Column<long>(type: "bigint", nullable: false),
                    refilled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    charged = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_request_budgets", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tracked_tokens_due_by_interval",
                table: "tracked_tokens",
                columns: new[] { "poll_interval", "next_poll_at" },
                filter: "state = 0 AND failure_count = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "request_budgets");

            migrationBuilder.DropIndex(
                name: "ix_tracked_tokens_due_by_interval",
                table: "tracked_tokens");
        }
    }
}
