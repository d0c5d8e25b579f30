using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BureauDisputesKpis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bureau_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    obligation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    sent_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    delivered_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    proof_reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    imported_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    imported_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bureau_notices", x => x.id);
                    table.CheckConstraint("ck_bureau_notices_delivered_on", "delivered_on IS NULL OR delivered_on >= sent_on");
                    table.CheckConstraint("ck_bureau_notices_proof_reference", "length(proof_reference) > 0");
                    table.ForeignKey(
                        name: "fk_bureau_notices_obligations_obligation_id",
                        column: x => x.obligation_id,
                        principalTable: "obligations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bureau_reported_accounts",
                columns: table => new
                {
                    obligation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    jurisdiction = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    first_reported_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    last_reported_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    last_status = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    last_dpd = table.Column<int>(type: "INTEGER", nullable: false),
                    disputed = table.Column<bool>(type: "INTEGER", nullable: false),
                    closed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    closed_reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    dispute_upheld_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bureau_reported_accounts", x => x.obligation_id);
                    table.CheckConstraint("ck_bureau_reported_accounts_dates", "last_reported_on >= first_reported_on");
                    table.CheckConstraint("ck_bureau_reported_accounts_last_dpd", "last_dpd >= 0");
                    table.ForeignKey(
                        name: "fk_bureau_reported_accounts_obligations_obligation_id",
                        column: x => x.obligation_id,
                        principalTable: "obligations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

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

            migrationBuilder.CreateTable(
                name: "kpi_figures",
                columns: table => new
                {
                    business_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    group_by = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    group_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    receivables_begin_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    receivables_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    current_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    open_count = table.Column<long>(type: "INTEGER", nullable: false),
                    past_due_count = table.Column<long>(type: "INTEGER", nullable: false),
                    average_age = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    dso_count_back = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    credit_sales_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    recovered_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    promises_due = table.Column<long>(type: "INTEGER", nullable: false),
                    promises_kept = table.Column<long>(type: "INTEGER", nullable: false),
                    promises_due_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    promises_kept_minor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kpi_figures", x => new { x.business_date, x.group_by, x.group_key, x.currency });
                    table.CheckConstraint("ck_kpi_figures_counts", "open_count >= 0 AND past_due_count >= 0 AND past_due_count <= open_count AND promises_due >= 0 AND promises_kept >= 0 AND promises_kept <= promises_due");
                    table.CheckConstraint("ck_kpi_figures_grouping", "group_by IN ('none', 'product', 'branch', 'team', 'collector', 'agency', 'variant')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_bureau_notices_obligation_id_channel_proof_reference",
                table: "bureau_notices",
                columns: new[] { "obligation_id", "channel", "proof_reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_bureau_notices_obligation_id_delivered_on",
                table: "bureau_notices",
                columns: new[] { "obligation_id", "delivered_on" });

            migrationBuilder.CreateIndex(
                name: "ix_bureau_reported_accounts_closed_on",
                table: "bureau_reported_accounts",
                column: "closed_on");

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
                name: "bureau_notices");

            migrationBuilder.DropTable(
                name: "bureau_reported_accounts");

            migrationBuilder.DropTable(
                name: "disputes");

            migrationBuilder.DropTable(
                name: "kpi_figures");
        }
    }
}
