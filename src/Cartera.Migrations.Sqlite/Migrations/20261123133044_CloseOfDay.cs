using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
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
                    business_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    step = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    partition = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    debtor_from = table.Column<long>(type: "INTEGER", nullable: true),
                    debtor_to = table.Column<long>(type: "INTEGER", nullable: true),
                    ledger_watermark = table.Column<long>(type: "INTEGER", nullable: true),
                    target_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    obligations = table.Column<long>(type: "INTEGER", nullable: false),
                    snapshots = table.Column<long>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true)
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
