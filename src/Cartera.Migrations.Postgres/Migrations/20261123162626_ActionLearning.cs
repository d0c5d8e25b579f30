using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ActionLearning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "action_outcomes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    debtor_id = table.Column<long>(type: "bigint", nullable: false),
                    decided_on = table.Column<DateOnly>(type: "date", nullable: false),
                    action_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    arm = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    experiment_code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    predicted_probability = table.Column<double>(type: "double precision", nullable: false),
                    amount_due_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    window_days = table.Column<int>(type: "integer", nullable: false),
                    paid_minor = table.Column<long>(type: "bigint", nullable: true),
                    paid = table.Column<bool>(type: "boolean", nullable: true),
                    observed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_action_outcomes", x => x.id);
                    table.ForeignKey(
                        name: "fk_action_outcomes_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "action_priors",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    lift = table.Column<double>(type: "double precision", nullable: false),
                    recovery_share = table.Column<double>(type: "double precision", nullable: false),
                    cost_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    min_dpd = table.Column<int>(type: "integer", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    learned_from_outcomes = table.Column<int>(type: "integer", nullable: true),
                    learned_from_payers = table.Column<int>(type: "integer", nullable: true),
                    learned_as_of = table.Column<DateOnly>(type: "date", nullable: true),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_action_priors", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_action_outcomes_debtor_id",
                table: "action_outcomes",
                column: "debtor_id");

            migrationBuilder.CreateIndex(
                name: "ix_action_outcomes_experiment_code_debtor_id_decided_on",
                table: "action_outcomes",
                columns: new[] { "experiment_code", "debtor_id", "decided_on" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_action_outcomes_observed_at_decided_on",
                table: "action_outcomes",
                columns: new[] { "observed_at", "decided_on" });

            migrationBuilder.CreateIndex(
                name: "ix_action_priors_code",
                table: "action_priors",
                column: "code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_outcomes");

            migrationBuilder.DropTable(
                name: "action_priors");
        }
    }
}
