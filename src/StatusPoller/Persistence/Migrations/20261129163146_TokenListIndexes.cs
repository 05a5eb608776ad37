using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tchek.Events.StatusPoller.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TokenListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tracked_tokens_status",
                table: "tracked_tokens");

            migrationBuilder.CreateIndex(
                name: "ix_tracked_tokens_external_reference",
                table: "tracked_tokens",
                columns: new[] { "external_reference", "uid" },
                filter: "external_reference IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tracked_tokens_state",
                table: "tracked_tokens",
                columns: new[] { "state", "uid" });

            migrationBuilder.CreateIndex(
                name: "ix_tracked_tokens_status",
                table: "tracked_tokens",
                columns: new[] { "status", "uid" });

            migrationBuilder.CreateIndex(
                name: "ix_tracked_tokens_updated",
                table: "tracked_tokens",
                column: "updated_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tracked_tokens_external_reference",
                table: "tracked_tokens");

            migrationBuilder.DropIndex(
                name: "ix_tracked_tokens_state",
                table: "tracked_tokens");

            migrationBuilder.DropIndex(
                name: "ix_tracked_tokens_status",
                table: "tracked_tokens");

            migrationBuilder.DropIndex(
                name: "ix_tracked_tokens_updated",
                table: "tracked_tokens");

            migrationBuilder.CreateIndex(
                name: "ix_tracked_tokens_status",
                table: "tracked_tokens",
                column: "status");
        }
    }
}
