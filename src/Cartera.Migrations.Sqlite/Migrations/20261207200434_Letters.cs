using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Letters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_outbox_messages_channel",
                table: "outbox_messages");

            migrationBuilder.AddCheckConstraint(
                name: "ck_outbox_messages_channel",
                table: "outbox_messages",
                sql: "channel IN ('email', 'sms', 'whatsapp', 'letters')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_outbox_messages_channel",
                table: "outbox_messages");

            migrationBuilder.AddCheckConstraint(
                name: "ck_outbox_messages_channel",
                table: "outbox_messages",
                sql: "channel IN ('email', 'sms', 'whatsapp')");
        }
    }
}
