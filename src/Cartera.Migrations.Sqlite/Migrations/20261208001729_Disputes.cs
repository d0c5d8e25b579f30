using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Disputes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "disputes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    obligation_id = table.Column<long>(type: "INTEGER", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    evidence_references = table.Column<string>(type: "TEXT", maxLength: 4020, nullable: false),
                    received_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    answer_deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    resolution_note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    resolved_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    opened_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    opened_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disputes", x => x.id);
                    table.CheckConstraint("ck_disputes_deadline", "answer_deadline > received_on");
                    table.CheckConstraint("ck_disputes_description", "length(description) > 0");
                    table.CheckConstraint("ck_disputes_resolution", "(status = 'open' AND action IS NULL AND resolution_note IS NULL AND resolved_by IS NULL AND resolved_on IS NULL) OR (status = 'rejected' AND action IS NULL AND resolution_note IS NOT NULL AND resolved_by IS NOT NULL AND resolved_on IS NOT NULL) OR (status = 'upheld' AND action IS NOT NULL AND resolution_note IS NOT NULL AND resolved_by IS NOT NULL AND resolved_on IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_disputes_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_disputes_obligations_obligation_id",
                        column: x => x.obligation_id,
                        principalTable: "obligations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_disputes_debtor_id_status",
                table: "disputes",
                columns: new[] { "debtor_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_disputes_obligation_id",
                table: "disputes",
                column: "obligation_id");

            migrationBuilder.CreateIndex(
                name: "ix_disputes_status_answer_deadline",
                table: "disputes",
                columns: new[] { "status", "answer_deadline" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "disputes");
        }
    }
}
