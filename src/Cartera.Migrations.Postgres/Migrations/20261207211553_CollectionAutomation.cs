using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CollectionAutomation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_debtor_id_step_send_date",
                table: "outbox_messages");

            migrationBuilder.DropCheckConstraint(
                name: "ck_outbox_messages_channel",
                table: "outbox_messages");

            migrationBuilder.AddColumn<string>(
                name: "strategy_task",
                table: "work_queue_entries",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "recipient",
                table: "outbox_messages",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AddColumn<long>(
                name: "amount_minor",
                table: "outbox_messages",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "currency_code",
                table: "outbox_messages",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "due_date",
                table: "outbox_messages",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "obligation_ids",
                table: "outbox_messages",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "template",
                table: "outbox_messages",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "queue_tasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    debtor_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    source_step = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    variant = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_by = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_tasks", x => x.id);
                    table.CheckConstraint("ck_queue_tasks_closed", "(status = 'open') = (closed_at IS NULL)");
                    table.CheckConstraint("ck_queue_tasks_kind", "kind IN ('call', 'visit')");
                    table.CheckConstraint("ck_queue_tasks_status", "status IN ('open', 'done', 'cancelled')");
                    table.ForeignKey(
                        name: "fk_queue_tasks_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_debtor_id_strategy_step_send_date",
                table: "outbox_messages",
                columns: new[] { "debtor_id", "strategy", "step", "send_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_send_date_strategy",
                table: "outbox_messages",
                columns: new[] { "send_date", "strategy" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_outbox_messages_amount",
                table: "outbox_messages",
                sql: "amount_minor IS NULL OR amount_minor >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_outbox_messages_channel",
                table: "outbox_messages",
                sql: "channel IN ('email', 'sms', 'whatsapp', 'letters')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_outbox_messages_recipient",
                table: "outbox_messages",
                sql: "recipient IS NOT NULL OR status IN ('blocked', 'expired')");

            migrationBuilder.CreateIndex(
                name: "ix_queue_tasks_debtor_id_source_source_step_due_date",
                table: "queue_tasks",
                columns: new[] { "debtor_id", "source", "source_step", "due_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_queue_tasks_status_due_date",
                table: "queue_tasks",
                columns: new[] { "status", "due_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "queue_tasks");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_debtor_id_strategy_step_send_date",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_send_date_strategy",
                table: "outbox_messages");

            migrationBuilder.DropCheckConstraint(
                name: "ck_outbox_messages_amount",
                table: "outbox_messages");

            migrationBuilder.DropCheckConstraint(
                name: "ck_outbox_messages_channel",
                table: "outbox_messages");

            migrationBuilder.DropCheckConstraint(
                name: "ck_outbox_messages_recipient",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "strategy_task",
                table: "work_queue_entries");

            migrationBuilder.DropColumn(
                name: "amount_minor",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "currency_code",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "due_date",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "obligation_ids",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "template",
                table: "outbox_messages");

            migrationBuilder.AlterColumn<long>(
                name: "recipient",
                table: "outbox_messages",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_debtor_id_step_send_date",
                table: "outbox_messages",
                columns: new[] { "debtor_id", "step", "send_date" },
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_outbox_messages_channel",
                table: "outbox_messages",
                sql: "channel IN ('email', 'sms', 'whatsapp')");
        }
    }
}
