using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DelinquencyModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "business_days",
                columns: table => new
                {
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    run_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_business_days", x => x.date);
                });

            migrationBuilder.CreateTable(
                name: "delinquency_snapshots",
                columns: table => new
                {
                    obligation_id = table.Column<long>(type: "bigint", nullable: false),
                    business_date = table.Column<DateOnly>(type: "date", nullable: false),
                    debtor_id = table.Column<long>(type: "bigint", nullable: false),
                    product = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    dpd = table.Column<int>(type: "integer", nullable: false),
                    bucket = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    oldest_unpaid_due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    overdue_principal_minor = table.Column<long>(type: "bigint", nullable: false),
                    overdue_interest_minor = table.Column<long>(type: "bigint", nullable: false),
                    overdue_insurance_minor = table.Column<long>(type: "bigint", nullable: false),
                    overdue_other_minor = table.Column<long>(type: "bigint", nullable: false),
                    arrears_interest_minor = table.Column<long>(type: "bigint", nullable: false),
                    arrears_accrued_today_minor = table.Column<long>(type: "bigint", nullable: false),
                    fees_minor = table.Column<long>(type: "bigint", nullable: false),
                    total_due_minor = table.Column<long>(type: "bigint", nullable: false),
                    outstanding_principal_minor = table.Column<long>(type: "bigint", nullable: false),
                    credit_balance_minor = table.Column<long>(type: "bigint", nullable: false),
                    own_category = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    classification = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    provision_minor = table.Column<long>(type: "bigint", nullable: false),
                    ifrs9_stage = table.Column<int>(type: "integer", nullable: false),
                    write_off_proposed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delinquency_snapshots", x => new { x.business_date, x.obligation_id });
                });

            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    settings_json = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "usury_caps",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    jurisdiction = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    modality = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: false),
                    usury_ea = table.Column<decimal>(type: "numeric(20,12)", precision: 20, scale: 12, nullable: false),
                    banking_current_ea = table.Column<decimal>(type: "numeric(20,12)", precision: 20, scale: 12, nullable: true),
                    source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    verified = table.Column<bool>(type: "boolean", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usury_caps", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_delinquency_snapshots_business_date_debtor_id",
                table: "delinquency_snapshots",
                columns: new[] { "business_date", "debtor_id" });

            migrationBuilder.CreateIndex(
                name: "ix_delinquency_snapshots_obligation_id_business_date",
                table: "delinquency_snapshots",
                columns: new[] { "obligation_id", "business_date" });

            migrationBuilder.CreateIndex(
                name: "ix_usury_caps_jurisdiction_modality_valid_from",
                table: "usury_caps",
                columns: new[] { "jurisdiction", "modality", "valid_from" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "business_days");

            migrationBuilder.DropTable(
                name: "delinquency_snapshots");

            migrationBuilder.DropTable(
                name: "products");

            migrationBuilder.DropTable(
                name: "usury_caps");
        }
    }
}
