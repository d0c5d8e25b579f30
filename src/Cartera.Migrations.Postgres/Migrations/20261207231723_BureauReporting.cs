using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    obligation_id = table.Column<long>(type: "bigint", nullable: false),
                    sent_on = table.Column<DateOnly>(type: "date", nullable: false),
                    delivered_on = table.Column<DateOnly>(type: "date", nullable: true),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    proof_reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    imported_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
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
                    obligation_id = table.Column<long>(type: "bigint", nullable: false),
                    jurisdiction = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    first_reported_on = table.Column<DateOnly>(type: "date", nullable: false),
                    last_reported_on = table.Column<DateOnly>(type: "date", nullable: false),
                    last_status = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    last_dpd = table.Column<int>(type: "integer", nullable: false),
                    disputed = table.Column<bool>(type: "boolean", nullable: false),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    closed_reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    dispute_upheld_on = table.Column<DateOnly>(type: "date", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
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
