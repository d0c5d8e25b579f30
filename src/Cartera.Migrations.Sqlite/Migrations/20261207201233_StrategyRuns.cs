using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StrategyRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_debtor_id_step_send_date",
                table: "outbox_messages");

            migrationBuilder.AlterColumn<long>(
                name: "recipient",
                table: "outbox_messages",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<long>(
                name: "amount_minor",
                table: "outbox_messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "currency_code",
                table: "outbox_messages",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "due_date",
                table: "outbox_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "obligation_ids",
                table: "outbox_messages",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "template",
                table: "outbox_messages",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

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
                name: "ck_outbox_messages_recipient",
                table: "outbox_messages",
                sql: "recipient IS NOT NULL OR status IN ('blocked', 'expired')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
                name: "ck_outbox_messages_recipient",
                table: "outbox_messages");

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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_debtor_id_step_send_date",
                table: "outbox_messages",
                columns: new[] { "debtor_id", "step", "send_date" },
                unique: true);
        }
    }
}
