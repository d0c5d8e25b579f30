using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CollectionWorkspace : Migration
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

            migrationBuilder.CreateTable(
                name: "queue_item_states",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    work_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    snoozed_until = table.Column<long>(type: "INTEGER", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_item_states", x => x.id);
                    table.CheckConstraint("ck_queue_item_states_snoozed", "state <> 'snoozed' OR snoozed_until IS NOT NULL");
                    table.CheckConstraint("ck_queue_item_states_state", "state IN ('worked', 'skipped', 'snoozed')");
                    table.ForeignKey(
                        name: "fk_queue_item_states_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_queue_item_states_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "teams",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    supervisor_user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_teams", x => x.id);
                    table.ForeignKey(
                        name: "fk_teams_users_supervisor_user_id",
                        column: x => x.supervisor_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "work_queue_entries",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    tier = table.Column<int>(type: "INTEGER", nullable: false),
                    points = table.Column<long>(type: "INTEGER", nullable: false),
                    dpd = table.Column<int>(type: "INTEGER", nullable: false),
                    bucket = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    product = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    overdue_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    broken_promise = table.Column<bool>(type: "INTEGER", nullable: false),
                    promise_due_today = table.Column<bool>(type: "INTEGER", nullable: false),
                    callback_due = table.Column<bool>(type: "INTEGER", nullable: false),
                    agreement_overdue = table.Column<bool>(type: "INTEGER", nullable: false),
                    probability = table.Column<double>(type: "REAL", nullable: true),
                    next_action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    computed_for = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    computed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_queue_entries", x => new { x.user_id, x.debtor_id });
                    table.CheckConstraint("ck_work_queue_entries_tier", "tier >= 1");
                    table.ForeignKey(
                        name: "fk_work_queue_entries_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_work_queue_entries_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "work_queue_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    priority_json = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_queue_settings", x => x.id);
                    table.CheckConstraint("ck_work_queue_settings_single", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "team_members",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    joined_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    left_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    added_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_team_members", x => x.id);
                    table.CheckConstraint("ck_team_members_dates", "left_on IS NULL OR left_on >= joined_on");
                    table.ForeignKey(
                        name: "fk_team_members_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_team_members_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
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

            migrationBuilder.CreateIndex(
                name: "ix_queue_item_states_debtor_id",
                table: "queue_item_states",
                column: "debtor_id");

            migrationBuilder.CreateIndex(
                name: "ix_queue_item_states_user_id_debtor_id_work_date",
                table: "queue_item_states",
                columns: new[] { "user_id", "debtor_id", "work_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_team_members_team_id_left_on",
                table: "team_members",
                columns: new[] { "team_id", "left_on" });

            migrationBuilder.CreateIndex(
                name: "ix_team_members_user_id",
                table: "team_members",
                column: "user_id",
                unique: true,
                filter: "left_on IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_teams_code",
                table: "teams",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_teams_supervisor_user_id",
                table: "teams",
                column: "supervisor_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_work_queue_entries_debtor_id",
                table: "work_queue_entries",
                column: "debtor_id");

            migrationBuilder.CreateIndex(
                name: "ix_work_queue_entries_queue_order",
                table: "work_queue_entries",
                columns: new[] { "user_id", "tier", "points", "debtor_id" },
                descending: new[] { false, false, true, false });
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

            migrationBuilder.DropTable(
                name: "queue_item_states");

            migrationBuilder.DropTable(
                name: "team_members");

            migrationBuilder.DropTable(
                name: "work_queue_entries");

            migrationBuilder.DropTable(
                name: "work_queue_settings");

            migrationBuilder.DropTable(
                name: "teams");
        }
    }
}
