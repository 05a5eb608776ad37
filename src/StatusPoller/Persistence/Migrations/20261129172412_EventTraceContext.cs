using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tchek.Events.StatusPoller.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EventTraceContext : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "token_events",
                type: "character varying(55)",
                maxLength: 55,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "trace_state",
                table: "token_events",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "token_events");

            migrationBuilder.DropColumn(
                name: "trace_state",
                table: "token_events");
        }
    }
}
