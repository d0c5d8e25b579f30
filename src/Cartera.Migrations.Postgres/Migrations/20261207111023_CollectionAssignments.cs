using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CollectionAssignments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "end_reason",
                table: "debtor_assignments",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ended_by",
                table: "debtor_assignments",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "role",
                table: "debtor_assignments",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "collector");

            migrationBuilder.AddColumn<DateOnly>(
                name: "valid_from",
                table: "debtor_assignments",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateIndex(
                name: "ix_debtor_assignments_debtor_id_role",
                table: "debtor_assignments",
                columns: new[] { "debtor_id", "role" },
                unique: true,
                filter: "ended_at IS NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_debtor_assignments_ended",
                table: "debtor_assignments",
                sql: "ended_by IS NULL OR ended_at IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_debtor_assignments_role",
                table: "debtor_assignments",
                sql: "role IN ('collector', 'field_agent', 'agency')");

            migrationBuilder.AddForeignKey(
                name: "fk_debtor_assignments_users_user_id",
                table: "debtor_assignments",
                column: "user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_debtor_assignments_users_user_id",
                table: "debtor_assignments");

            migrationBuilder.DropIndex(
                name: "ix_debtor_assignments_debtor_id_role",
                table: "debtor_assignments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_debtor_assignments_ended",
                table: "debtor_assignments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_debtor_assignments_role",
                table: "debtor_assignments");

            migrationBuilder.DropColumn(
                name: "end_reason",
                table: "debtor_assignments");

            migrationBuilder.DropColumn(
                name: "ended_by",
                table: "debtor_assignments");

            migrationBuilder.DropColumn(
                name: "role",
                table: "debtor_assignments");

            migrationBuilder.DropColumn(
                name: "valid_from",
                table: "debtor_assignments");
        }
    }
}
