using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
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
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "payment");

            migrationBuilder.CreateTable(
                name: "bureau_reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    document_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    document_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    report_date = table.Column<DateOnly>(type: "date", nullable: false),
                    score = table.Column<int>(type: "integer", nullable: true),
                    open_accounts = table.Column<int>(type: "integer", nullable: false),
                    delinquent_accounts = table.Column<int>(type: "integer", nullable: false),
                    worst_delinquency_days_24m = table.Column<int>(type: "integer", nullable: false),
                    inquiries_6m = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bureau_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "credit_applications",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    document_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    document_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    full_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    country = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    application_date = table.Column<DateOnly>(type: "date", nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    monthly_income_minor = table.Column<long>(type: "bigint", nullable: false),
                    monthly_expenses_minor = table.Column<long>(type: "bigint", nullable: false),
                    existing_payments_minor = table.Column<long>(type: "bigint", nullable: false),
                    existing_debt_minor = table.Column<long>(type: "bigint", nullable: false),
                    requested_amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    term_months = table.Column<int>(type: "integer", nullable: false),
                    annual_rate = table.Column<decimal>(type: "numeric(20,12)", precision: 20, scale: 12, nullable: false),
                    profile_json = table.Column<string>(type: "text", nullable: false),
                    bureau_source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    bureau_json = table.Column<string>(type: "text", nullable: true),
                    bureau_report_id = table.Column<long>(type: "bigint", nullable: true),
                    evaluation_json = table.Column<string>(type: "text", nullable: false),
                    recommendation = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    model_id = table.Column<long>(type: "bigint", nullable: true),
                    probability_bad = table.Column<double>(type: "double precision", nullable: true),
                    dti = table.Column<decimal>(type: "numeric(20,12)", precision: 20, scale: 12, nullable: false),
                    installment_minor = table.Column<long>(type: "bigint", nullable: false),
                    max_affordable_minor = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decline_reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    decision_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    approved_amount_minor = table.Column<long>(type: "bigint", nullable: true),
                    @override = table.Column<bool>(name: "override", type: "boolean", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
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
                name: "ix_bureau_reports_document_type_document_number_report_date_so~",
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
