using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CollectionActivities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "call_guides",
                columns: table => new
                {
                    stage = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    script = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    objections = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_guides", x => x.stage);
                });

            migrationBuilder.CreateTable(
                name: "collection_activities",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    obligation_id = table.Column<long>(type: "INTEGER", nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    contact_point_id = table.Column<long>(type: "INTEGER", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    default_cause = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    conversation = table.Column<bool>(type: "INTEGER", nullable: false),
                    next_action_at = table.Column<long>(type: "INTEGER", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    contact_attempt_id = table.Column<long>(type: "INTEGER", nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collection_activities", x => x.id);
                    table.CheckConstraint("ck_collection_activities_callback_has_date", "outcome IS NULL OR outcome <> 'callback' OR next_action_at IS NOT NULL");
                    table.CheckConstraint("ck_collection_activities_note_has_no_contact_point", "kind <> 'note' OR contact_point_id IS NULL");
                    table.ForeignKey(
                        name: "fk_collection_activities_contact_points_contact_point_id",
                        column: x => x.contact_point_id,
                        principalTable: "contact_points",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_collection_activities_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_collection_activities_obligations_obligation_id",
                        column: x => x.obligation_id,
                        principalTable: "obligations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_collection_activities_contact_point_id",
                table: "collection_activities",
                column: "contact_point_id");

            migrationBuilder.CreateIndex(
                name: "ix_collection_activities_debtor_id_at",
                table: "collection_activities",
                columns: new[] { "debtor_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_collection_activities_obligation_id",
                table: "collection_activities",
                column: "obligation_id");

            migrationBuilder.CreateIndex(
                name: "ix_collection_activities_user_id_next_action_at",
                table: "collection_activities",
                columns: new[] { "user_id", "next_action_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_guides");

            migrationBuilder.DropTable(
                name: "collection_activities");
        }
    }
}
