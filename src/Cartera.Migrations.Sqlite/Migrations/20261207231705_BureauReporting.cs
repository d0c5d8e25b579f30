using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BureauReporting : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bureau_notices");

            migrationBuilder.DropTable(
                name: "bureau_reported_accounts");
        }
    }
}
