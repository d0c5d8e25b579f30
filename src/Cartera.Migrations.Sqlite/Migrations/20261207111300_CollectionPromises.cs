using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CollectionPromises : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "promises",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    all_obligations = table.Column<bool>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    made_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    made_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    total_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    grace_days = table.Column<int>(type: "INTEGER", nullable: false),
                    tolerance = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    settled_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    counted_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    evaluated_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    cancelled_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    cancelled_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    cancel_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promises", x => x.id);
                    table.CheckConstraint("ck_promises_counted_minor", "counted_minor >= 0");
                    table.CheckConstraint("ck_promises_grace_days", "grace_days >= 0");
                    table.CheckConstraint("ck_promises_tolerance", "tolerance >= 0 AND tolerance < 1");
                    table.CheckConstraint("ck_promises_total_minor", "total_minor > 0");
                    table.ForeignKey(
                        name: "fk_promises_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "promise_installments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    promise_id = table.Column<long>(type: "INTEGER", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    kept_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    counted_minor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promise_installments", x => x.id);
                    table.CheckConstraint("ck_promise_installments_amount_minor", "amount_minor > 0");
                    table.CheckConstraint("ck_promise_installments_counted_minor", "counted_minor >= 0 AND counted_minor <= amount_minor");
                    table.CheckConstraint("ck_promise_installments_number", "number > 0");
                    table.ForeignKey(
                        name: "fk_promise_installments_promises_promise_id",
                        column: x => x.promise_id,
                        principalTable: "promises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "promise_obligations",
                columns: table => new
                {
                    promise_id = table.Column<long>(type: "INTEGER", nullable: false),
                    obligation_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promise_obligations", x => new { x.promise_id, x.obligation_id });
                    table.ForeignKey(
                        name: "fk_promise_obligations_obligations_obligation_id",
                        column: x => x.obligation_id,
                        principalTable: "obligations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_promise_obligations_promises_promise_id",
                        column: x => x.promise_id,
                        principalTable: "promises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_promise_installments_due_on_status",
                table: "promise_installments",
                columns: new[] { "due_on", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_promise_installments_promise_id_number",
                table: "promise_installments",
                columns: new[] { "promise_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_promise_obligations_obligation_id",
                table: "promise_obligations",
                column: "obligation_id");

            migrationBuilder.CreateIndex(
                name: "ix_promises_debtor_id_status",
                table: "promises",
                columns: new[] { "debtor_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_promises_external_id",
                table: "promises",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_promises_status",
                table: "promises",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "promise_installments");

            migrationBuilder.DropTable(
                name: "promise_obligations");

            migrationBuilder.DropTable(
                name: "promises");
        }
    }
}
