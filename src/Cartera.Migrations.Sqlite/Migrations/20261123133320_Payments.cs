using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Payments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_reverses_entry_id",
                table: "ledger_entries");

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    obligation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    received_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    business_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    reversal_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    reversed_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    reversed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payments", x => x.id);
                    table.ForeignKey(
                        name: "fk_payments_obligations_obligation_id",
                        column: x => x.obligation_id,
                        principalTable: "obligations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });


            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_reverses_entry_id",
                table: "ledger_entries",
                column: "reverses_entry_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payments_idempotency_key",
                table: "payments",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payments_obligation_id_external_id",
                table: "payments",
                columns: new[] { "obligation_id", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payments_status_received_on",
                table: "payments",
                columns: new[] { "status", "received_on" });

            // SQLite would add the foreign key by rebuilding ledger_entries (dropping its append-only triggers and copying
            // the whole ledger); ADD COLUMN with a REFERENCES clause adds the column and its foreign key in place.
            migrationBuilder.Sql("ALTER TABLE ledger_entries ADD COLUMN payment_id INTEGER NULL CONSTRAINT fk_ledger_entries_payments_payment_id REFERENCES payments (id) ON DELETE RESTRICT;");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_payment_id",
                table: "ledger_entries",
                column: "payment_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_ledger_entries_payments_payment_id",
                table: "ledger_entries");

            migrationBuilder.DropTable(
                name: "payments");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_payment_id",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_reverses_entry_id",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "payment_id",
                table: "ledger_entries");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_reverses_entry_id",
                table: "ledger_entries",
                column: "reverses_entry_id");
        }
    }
}
