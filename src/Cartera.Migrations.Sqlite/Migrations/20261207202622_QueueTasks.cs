using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class QueueTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "strategy_task",
                table: "work_queue_entries",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "queue_tasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    debtor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    source_step = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    variant = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_tasks", x => x.id);
                    table.CheckConstraint("ck_queue_tasks_closed", "(status = 'open') = (closed_at IS NULL)");
                    table.CheckConstraint("ck_queue_tasks_kind", "kind IN ('call', 'visit')");
                    table.CheckConstraint("ck_queue_tasks_status", "status IN ('open', 'done', 'cancelled')");
                    table.ForeignKey(
                        name: "fk_queue_tasks_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_queue_tasks_debtor_id_source_source_step_due_date",
                table: "queue_tasks",
                columns: new[] { "debtor_id", "source", "source_step", "due_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_queue_tasks_status_due_date",
                table: "queue_tasks",
                columns: new[] { "status", "due_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "queue_tasks");

            migrationBuilder.DropColumn(
                name: "strategy_task",
                table: "work_queue_entries");
        }
    }
}
