using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ComplianceData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "compliance_rule_sets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    rule_set_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    jurisdiction = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: true),
                    rules = table.Column<string>(type: "text", nullable: false),
                    change_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_compliance_rule_sets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contact_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    debtor_id = table.Column<long>(type: "bigint", nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    purpose = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    target = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    actor_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    allowed = table.Column<bool>(type: "boolean", nullable: false),
                    outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    reasons = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    next_allowed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rule_set_version = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_attempts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_attempts_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "contact_gate_locks",
                columns: table => new
                {
                    debtor_id = table.Column<long>(type: "bigint", nullable: false),
                    checks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_gate_locks", x => x.debtor_id);
                    table.ForeignKey(
                        name: "fk_contact_gate_locks_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "debtor_compliance_overrides",
                columns: table => new
                {
                    debtor_id = table.Column<long>(type: "bigint", nullable: false),
                    agreed_hours = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    agreed_hours_document = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    opted_out_channels = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    do_not_contact = table.Column<bool>(type: "boolean", nullable: false),
                    dispute_hold = table.Column<bool>(type: "boolean", nullable: false),
                    insolvency_proceedings = table.Column<bool>(type: "boolean", nullable: false),
                    deceased = table.Column<bool>(type: "boolean", nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_debtor_compliance_overrides", x => x.debtor_id);
                    table.ForeignKey(
                        name: "fk_debtor_compliance_overrides_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_compliance_rule_sets_jurisdiction",
                table: "compliance_rule_sets",
                column: "jurisdiction");

            migrationBuilder.CreateIndex(
                name: "ix_compliance_rule_sets_rule_set_id_version",
                table: "compliance_rule_sets",
                columns: new[] { "rule_set_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contact_attempts_at",
                table: "contact_attempts",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_contact_attempts_debtor_id_at",
                table: "contact_attempts",
                columns: new[] { "debtor_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "compliance_rule_sets");

            migrationBuilder.DropTable(
                name: "contact_attempts");

            migrationBuilder.DropTable(
                name: "contact_gate_locks");

            migrationBuilder.DropTable(
                name: "debtor_compliance_overrides");
        }
    }
}
