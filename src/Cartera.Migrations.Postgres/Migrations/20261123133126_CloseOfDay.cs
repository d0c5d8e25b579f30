using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CloseOfDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "close_of_day_steps",
                columns: table => new
                {
                    business_date = table.Column<DateOnly>(type: "date", nullable: false),
                    step = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    partition = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    debtor_from = table.Column<long>(type: "bigint", nullable: true),
                    debtor_to = table.Column<long>(type: "bigint", nullable: true),
                    ledger_watermark = table.Column<long>(type: "bigint", nullable: true),
                    target_date = table.Column<DateOnly>(type: "date", nullable: true),
                    obligations = table.Column<long>(type: "bigint", nullable: false),
                    snapshots = table.Column<long>(type: "bigint", nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_close_of_day_steps", x => new { x.business_date, x.step, x.partition });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "close_of_day_steps");
        }
    }
}
