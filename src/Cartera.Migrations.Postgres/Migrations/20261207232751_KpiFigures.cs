using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class KpiFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kpi_figures",
                columns: table => new
                {
                    business_date = table.Column<DateOnly>(type: "date", nullable: false),
                    group_by = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    group_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    receivables_begin_minor = table.Column<long>(type: "bigint", nullable: false),
                    receivables_minor = table.Column<long>(type: "bigint", nullable: false),
                    current_minor = table.Column<long>(type: "bigint", nullable: false),
                    open_count = table.Column<long>(type: "bigint", nullable: false),
                    past_due_count = table.Column<long>(type: "bigint", nullable: false),
                    average_age = table.Column<decimal>(type: "numeric(20,12)", precision: 20, scale: 12, nullable: true),
                    dso_count_back = table.Column<decimal>(type: "numeric(20,12)", precision: 20, scale: 12, nullable: true),
                    credit_sales_minor = table.Column<long>(type: "bigint", nullable: false),
                    recovered_minor = table.Column<long>(type: "bigint", nullable: false),
                    promises_due = table.Column<long>(type: "bigint", nullable: false),
                    promises_kept = table.Column<long>(type: "bigint", nullable: false),
                    promises_due_minor = table.Column<long>(type: "bigint", nullable: false),
                    promises_kept_minor = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kpi_figures", x => new { x.business_date, x.group_by, x.group_key, x.currency });
                    table.CheckConstraint("ck_kpi_figures_counts", "open_count >= 0 AND past_due_count >= 0 AND past_due_count <= open_count AND promises_due >= 0 AND promises_kept >= 0 AND promises_kept <= promises_due");
                    table.CheckConstraint("ck_kpi_figures_grouping", "group_by IN ('none', 'product', 'branch', 'team', 'collector', 'agency', 'variant')");
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kpi_figures");
        }
    }
}
