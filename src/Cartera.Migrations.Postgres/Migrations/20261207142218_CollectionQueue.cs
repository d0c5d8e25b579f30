using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CollectionQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "queue_item_states",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    debtor_id = table.Column<long>(type: "bigint", nullable: false),
                    work_date = table.Column<DateOnly>(type: "date", nullable: false),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    snoozed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
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
                name: "work_queue_entries",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    debtor_id = table.Column<long>(type: "bigint", nullable: false),
                    tier = table.Column<int>(type: "integer", nullable: false),
                    points = table.Column<long>(type: "bigint", nullable: false),
                    dpd = table.Column<int>(type: "integer", nullable: false),
                    bucket = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    product = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    overdue_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    broken_promise = table.Column<bool>(type: "boolean", nullable: false),
                    promise_due_today = table.Column<bool>(type: "boolean", nullable: false),
                    callback_due = table.Column<bool>(type: "boolean", nullable: false),
                    agreement_overdue = table.Column<bool>(type: "boolean", nullable: false),
                    probability = table.Column<double>(type: "double precision", nullable: true),
                    next_action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    computed_for = table.Column<DateOnly>(type: "date", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<int>(type: "integer", nullable: false),
                    priority_json = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_queue_settings", x => x.id);
                    table.CheckConstraint("ck_work_queue_settings_single", "id = 1");
                });

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
                name: "queue_item_states");

            migrationBuilder.DropTable(
                name: "work_queue_entries");

            migrationBuilder.DropTable(
                name: "work_queue_settings");
        }
    }
}
