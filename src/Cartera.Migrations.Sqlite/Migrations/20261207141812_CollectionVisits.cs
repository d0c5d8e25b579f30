using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CollectionVisits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "appointment_thresholds",
                columns: table => new
                {
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    minimum_balance_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointment_thresholds", x => x.currency);
                    table.CheckConstraint("ck_appointment_thresholds_bounds", "minimum_balance_minor > 0 AND minimum_balance_minor <= 1000000000000000");
                });

            migrationBuilder.CreateTable(
                name: "appointments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    time = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointments", x => x.id);
                    table.ForeignKey(
                        name: "fk_appointments_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "field_visits",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    agent_user_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    planned_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    area = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    area_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    address_contact_point_id = table.Column<long>(type: "INTEGER", nullable: true),
                    collateral_id = table.Column<long>(type: "INTEGER", nullable: true),
                    insurance_policy_id = table.Column<long>(type: "INTEGER", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    activity_id = table.Column<long>(type: "INTEGER", nullable: true),
                    result_note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    result_at = table.Column<long>(type: "INTEGER", nullable: true),
                    cancel_reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_field_visits", x => x.id);
                    table.CheckConstraint("ck_field_visits_collateral_purpose", "collateral_id IS NULL OR purpose = 'collateral_verification'");
                    table.CheckConstraint("ck_field_visits_policy_purpose", "insurance_policy_id IS NULL OR purpose = 'insurance_renewal'");
                    table.CheckConstraint("ck_field_visits_result_has_activity", "status NOT IN ('done', 'failed') OR activity_id IS NOT NULL");
                    table.ForeignKey(
                        name: "fk_field_visits_collaterals_collateral_id",
                        column: x => x.collateral_id,
                        principalTable: "collaterals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_field_visits_collection_activities_activity_id",
                        column: x => x.activity_id,
                        principalTable: "collection_activities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_field_visits_contact_points_address_contact_point_id",
                        column: x => x.address_contact_point_id,
                        principalTable: "contact_points",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_field_visits_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_field_visits_insurance_policies_insurance_policy_id",
                        column: x => x.insurance_policy_id,
                        principalTable: "insurance_policies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_debtor_id_date",
                table: "appointments",
                columns: new[] { "debtor_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_field_visits_activity_id",
                table: "field_visits",
                column: "activity_id");

            migrationBuilder.CreateIndex(
                name: "ix_field_visits_address_contact_point_id",
                table: "field_visits",
                column: "address_contact_point_id");

            migrationBuilder.CreateIndex(
                name: "ix_field_visits_collateral_id",
                table: "field_visits",
                column: "collateral_id");

            migrationBuilder.CreateIndex(
                name: "ix_field_visits_debtor_id",
                table: "field_visits",
                column: "debtor_id");

            migrationBuilder.CreateIndex(
                name: "ix_field_visits_insurance_policy_id",
                table: "field_visits",
                column: "insurance_policy_id");

            migrationBuilder.CreateIndex(
                name: "ix_field_visits_planned_on_agent_user_id",
                table: "field_visits",
                columns: new[] { "planned_on", "agent_user_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointment_thresholds");

            migrationBuilder.DropTable(
                name: "appointments");

            migrationBuilder.DropTable(
                name: "field_visits");
        }
    }
}
