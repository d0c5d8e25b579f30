using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Collection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "end_reason",
                table: "debtor_assignments",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ended_by",
                table: "debtor_assignments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "role",
                table: "debtor_assignments",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "collector");

            migrationBuilder.AddColumn<DateOnly>(
                name: "valid_from",
                table: "debtor_assignments",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateTable(
                name: "call_guides",
                columns: table => new
                {
                    stage = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    script = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    objections = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_guides", x => x.stage);
                });

            migrationBuilder.CreateTable(
                name: "collection_activities",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    obligation_id = table.Column<long>(type: "INTEGER", nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    contact_point_id = table.Column<long>(type: "INTEGER", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    default_cause = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    conversation = table.Column<bool>(type: "INTEGER", nullable: false),
                    next_action_at = table.Column<long>(type: "INTEGER", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    contact_attempt_id = table.Column<long>(type: "INTEGER", nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collection_activities", x => x.id);
                    table.CheckConstraint("ck_collection_activities_callback_has_date", "outcome IS NULL OR outcome <> 'callback' OR next_action_at IS NOT NULL");
                    table.CheckConstraint("ck_collection_activities_note_has_no_contact_point", "kind <> 'note' OR contact_point_id IS NULL");
                    table.ForeignKey(
                        name: "fk_collection_activities_contact_points_contact_point_id",
                        column: x => x.contact_point_id,
                        principalTable: "contact_points",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_collection_activities_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_collection_activities_obligations_obligation_id",
                        column: x => x.obligation_id,
                        principalTable: "obligations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

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
                name: "ix_debtor_assignments_debtor_id_role",
                table: "debtor_assignments",
                columns: new[] { "debtor_id", "role" },
                unique: true,
                filter: "ended_at IS NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_debtor_assignments_ended",
                table: "debtor_assignments",
                sql: "ended_by IS NULL OR ended_at IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_debtor_assignments_role",
                table: "debtor_assignments",
                sql: "role IN ('collector', 'field_agent', 'agency')");

            migrationBuilder.CreateIndex(
                name: "ix_collection_activities_contact_point_id",
                table: "collection_activities",
                column: "contact_point_id");

            migrationBuilder.CreateIndex(
                name: "ix_collection_activities_debtor_id_at",
                table: "collection_activities",
                columns: new[] { "debtor_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_collection_activities_obligation_id",
                table: "collection_activities",
                column: "obligation_id");

            migrationBuilder.CreateIndex(
                name: "ix_collection_activities_user_id_next_action_at",
                table: "collection_activities",
                columns: new[] { "user_id", "next_action_at" });

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

            migrationBuilder.AddForeignKey(
                name: "fk_debtor_assignments_users_user_id",
                table: "debtor_assignments",
                column: "user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_debtor_assignments_users_user_id",
                table: "debtor_assignments");

            migrationBuilder.DropTable(
                name: "call_guides");

            migrationBuilder.DropTable(
                name: "collection_activities");

            migrationBuilder.DropTable(
                name: "payment_agreement_installments");

            migrationBuilder.DropTable(
                name: "payment_agreement_obligations");

            migrationBuilder.DropTable(
                name: "promise_installments");

            migrationBuilder.DropTable(
                name: "promise_obligations");

            migrationBuilder.DropTable(
                name: "payment_agreements");

            migrationBuilder.DropTable(
                name: "promises");

            migrationBuilder.DropIndex(
                name: "ix_debtor_assignments_debtor_id_role",
                table: "debtor_assignments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_debtor_assignments_ended",
                table: "debtor_assignments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_debtor_assignments_role",
                table: "debtor_assignments");

            migrationBuilder.DropColumn(
                name: "end_reason",
                table: "debtor_assignments");

            migrationBuilder.DropColumn(
                name: "ended_by",
                table: "debtor_assignments");

            migrationBuilder.DropColumn(
                name: "role",
                table: "debtor_assignments");

            migrationBuilder.DropColumn(
                name: "valid_from",
                table: "debtor_assignments");
        }
    }
}
