using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tchek.Events.StatusPoller.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Erasure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "erased_at",
                table: "tracked_tokens",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tracked_tokens_erased",
                table: "tracked_tokens",
                column: "erased_at",
                filter: "erased_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tracked_tokens_stopped",
                table: "tracked_tokens",
                column: "updated_at",
                filter: "state = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tracked_tokens_erased",
                table: "tracked_tokens");

            migrationBuilder.DropIndex(
                name: "ix_tracked_tokens_stopped",
                table: "tracked_tokens");

            migrationBuilder.DropColumn(
                name: "erased_at",
                table: "tracked_tokens");
        }
    }
}
