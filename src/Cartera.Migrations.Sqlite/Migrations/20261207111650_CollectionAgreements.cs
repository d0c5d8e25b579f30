using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CollectionAgreements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payment_agreements",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    agreement_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    installment_count = table.Column<int>(type: "INTEGER", nullable: false),
                    rate = table.Column<decimal>(type: "TEXT", nullable: false),
                    principal_discount = table.Column<decimal>(type: "TEXT", nullable: false),
                    arrears_waiver = table.Column<decimal>(type: "TEXT", nullable: false),
                    fee_waiver = table.Column<decimal>(type: "TEXT", nullable: false),
                    first_due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    overdue_principal_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    future_principal_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    overdue_interest_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    arrears_interest_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    fees_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    other_overdue_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    agreed_balance_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    forgiven_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    down_payment_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    financed_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    total_to_pay_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    cap_ea = table.Column<decimal>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    required_approver = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    grace_days = table.Column<int>(type: "INTEGER", nullable: false),
                    reinstate_on_break = table.Column<bool>(type: "INTEGER", nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    requested_at = table.Column<long>(type: "INTEGER", nullable: false),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    decision_note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    agreement_obligation_id = table.Column<long>(type: "INTEGER", nullable: true),
                    booked_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    broken_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    completed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_agreements", x => x.id);
                    table.CheckConstraint("ck_payment_agreements_amounts", "agreed_balance_minor > 0 AND down_payment_minor >= 0 AND financed_minor > 0 AND forgiven_minor >= 0 AND down_payment_minor + financed_minor = agreed_balance_minor");
                    table.CheckConstraint("ck_payment_agreements_installments", "installment_count >= 1");
                    table.ForeignKey(
                        name: "fk_payment_agreements_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_payment_agreements_obligations_agreement_obligation_id",
                        column: x => x.agreement_obligation_id,
                        principalTable: "obligations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payment_agreement_installments",
                columns: table => new
                {
                    agreement_id = table.Column<long>(type: "INTEGER", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    principal_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    interest_minor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_agreement_installments", x => new { x.agreement_id, x.number });
                    table.CheckConstraint("ck_payment_agreement_installments_amounts", "principal_minor >= 0 AND interest_minor >= 0 AND number >= 1");
                    table.ForeignKey(
                        name: "fk_payment_agreement_installments_payment_agreements_agreement_id",
                        column: x => x.agreement_id,
                        principalTable: "payment_agreements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "payment_agreement_obligations",
                columns: table => new
                {
                    agreement_id = table.Column<long>(type: "INTEGER", nullable: false),
                    obligation_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_agreement_obligations", x => new { x.agreement_id, x.obligation_id });
                    table.ForeignKey(
                        name: "fk_payment_agreement_obligations_obligations_obligation_id",
                        column: x => x.obligation_id,
                        principalTable: "obligations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_payment_agreement_obligations_payment_agreements_agreement_id",
                        column: x => x.agreement_id,
                        principalTable: "payment_agreements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_payment_agreement_obligations_obligation_id",
                table: "payment_agreement_obligations",
                column: "obligation_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_agreements_agreement_obligation_id",
                table: "payment_agreements",
                column: "agreement_obligation_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_agreements_debtor_id_id",
                table: "payment_agreements",
                columns: new[] { "debtor_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_payment_agreements_status_id",
                table: "payment_agreements",
                columns: new[] { "status", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_agreement_installments");

            migrationBuilder.DropTable(
                name: "payment_agreement_obligations");

            migrationBuilder.DropTable(
                name: "payment_agreements");
        }
    }
}
