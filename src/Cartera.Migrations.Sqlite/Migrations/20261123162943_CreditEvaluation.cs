using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CreditEvaluation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_scoring_models_active",
                table: "scoring_models");

            migrationBuilder.AddColumn<string>(
                name: "purpose",
                table: "scoring_models",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "payment");

            migrationBuilder.CreateTable(
                name: "bureau_reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    document_type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    document_number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    report_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    score = table.Column<int>(type: "INTEGER", nullable: true),
                    open_accounts = table.Column<int>(type: "INTEGER", nullable: false),
                    delinquent_accounts = table.Column<int>(type: "INTEGER", nullable: false),
                    worst_delinquency_days_24m = table.Column<int>(type: "INTEGER", nullable: false),
                    inquiries_6m = table.Column<int>(type: "INTEGER", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    imported_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bureau_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "credit_applications",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    document_type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    document_number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    full_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    country = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 2, nullable: false),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    application_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    birth_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    monthly_income_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    monthly_expenses_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    existing_payments_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    existing_debt_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    requested_amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    term_months = table.Column<int>(type: "INTEGER", nullable: false),
                    annual_rate = table.Column<decimal>(type: "TEXT", nullable: false),
                    profile_json = table.Column<string>(type: "TEXT", nullable: false),
                    bureau_source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    bureau_json = table.Column<string>(type: "TEXT", nullable: true),
                    bureau_report_id = table.Column<long>(type: "INTEGER", nullable: true),
                    evaluation_json = table.Column<string>(type: "TEXT", nullable: false),
                    recommendation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    model_id = table.Column<long>(type: "INTEGER", nullable: true),
                    probability_bad = table.Column<double>(type: "REAL", nullable: true),
                    dti = table.Column<decimal>(type: "TEXT", nullable: false),
                    installment_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    max_affordable_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    decline_reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    decision_note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    approved_amount_minor = table.Column<long>(type: "INTEGER", nullable: true),
                    @override = table.Column<bool>(name: "override", type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_applications", x => x.id);
                    table.ForeignKey(
                        name: "fk_credit_applications_bureau_reports_bureau_report_id",
                        column: x => x.bureau_report_id,
                        principalTable: "bureau_reports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_credit_applications_scoring_models_model_id",
                        column: x => x.model_id,
                        principalTable: "scoring_models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_scoring_models_purpose",
                table: "scoring_models",
                column: "purpose",
                unique: true,
                filter: "active");

            migrationBuilder.CreateIndex(
                name: "ix_bureau_reports_document_type_document_number_report_date_source",
                table: "bureau_reports",
                columns: new[] { "document_type", "document_number", "report_date", "source" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_credit_applications_bureau_report_id",
                table: "credit_applications",
                column: "bureau_report_id");

            migrationBuilder.CreateIndex(
                name: "ix_credit_applications_document_type_document_number",
                table: "credit_applications",
                columns: new[] { "document_type", "document_number" });

            migrationBuilder.CreateIndex(
                name: "ix_credit_applications_model_id",
                table: "credit_applications",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "ix_credit_applications_recommendation_id",
                table: "credit_applications",
                columns: new[] { "recommendation", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_credit_applications_status_id",
                table: "credit_applications",
                columns: new[] { "status", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_applications");

            migrationBuilder.DropTable(
                name: "bureau_reports");

            migrationBuilder.DropIndex(
                name: "ix_scoring_models_purpose",
                table: "scoring_models");

            migrationBuilder.DropColumn(
                name: "purpose",
                table: "scoring_models");

            migrationBuilder.CreateIndex(
                name: "ix_scoring_models_active",
                table: "scoring_models",
                column: "active",
                unique: true,
                filter: "active");
        }
    }
}
