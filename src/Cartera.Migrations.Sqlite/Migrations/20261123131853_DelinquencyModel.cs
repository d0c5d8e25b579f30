using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
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
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    opened_at = table.Column<long>(type: "INTEGER", nullable: false),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    run_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_business_days", x => x.date);
                });

            migrationBuilder.CreateTable(
                name: "delinquency_snapshots",
                columns: table => new
                {
                    obligation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    business_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    product = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    dpd = table.Column<int>(type: "INTEGER", nullable: false),
                    bucket = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    oldest_unpaid_due_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    overdue_principal_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    overdue_interest_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    overdue_insurance_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    overdue_other_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    arrears_interest_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    arrears_accrued_today_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    fees_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    total_due_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    outstanding_principal_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    credit_balance_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    own_category = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    classification = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    provision_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    ifrs9_stage = table.Column<int>(type: "INTEGER", nullable: false),
                    write_off_proposed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delinquency_snapshots", x => new { x.business_date, x.obligation_id });
                });

            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    settings_json = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "usury_caps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    jurisdiction = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    modality = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    usury_ea = table.Column<decimal>(type: "TEXT", nullable: false),
                    banking_current_ea = table.Column<decimal>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    verified = table.Column<bool>(type: "INTEGER", nullable: false),
                    version = table.Column<uint>(type: "INTEGER", nullable: false)
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
