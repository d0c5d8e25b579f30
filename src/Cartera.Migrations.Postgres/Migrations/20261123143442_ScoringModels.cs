using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cartera.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ScoringModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "scoring_models",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    model_version = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    algorithm = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    data_as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    data_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    rows = table.Column<int>(type: "integer", nullable: false),
                    positives = table.Column<int>(type: "integer", nullable: false),
                    metrics_json = table.Column<string>(type: "text", nullable: false),
                    trained_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    trained_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    artifact = table.Column<byte[]>(type: "bytea", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    activated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scoring_models", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "debtor_scores",
                columns: table => new
                {
                    business_date = table.Column<DateOnly>(type: "date", nullable: false),
                    debtor_id = table.Column<long>(type: "bigint", nullable: false),
                    probability = table.Column<double>(type: "double precision", nullable: false),
                    segment = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    risk_band = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    balance_band = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    dpd_band = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    dpd = table.Column<int>(type: "integer", nullable: false),
                    balance_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    reasons_json = table.Column<string>(type: "text", nullable: false),
                    model_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_debtor_scores", x => new { x.business_date, x.debtor_id });
                    table.ForeignKey(
                        name: "fk_debtor_scores_debtors_debtor_id",
                        column: x => x.debtor_id,
                        principalTable: "debtors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_debtor_scores_scoring_models_model_id",
                        column: x => x.model_id,
                        principalTable: "scoring_models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_debtor_scores_business_date_segment",
                table: "debtor_scores",
                columns: new[] { "business_date", "segment" });

            migrationBuilder.CreateIndex(
                name: "ix_debtor_scores_debtor_id_business_date",
                table: "debtor_scores",
                columns: new[] { "debtor_id", "business_date" });

            migrationBuilder.CreateIndex(
                name: "ix_debtor_scores_model_id",
                table: "debtor_scores",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "ix_scoring_models_active",
                table: "scoring_models",
                column: "active",
                unique: true,
                filter: "active");

            migrationBuilder.CreateIndex(
                name: "ix_scoring_models_model_version",
                table: "scoring_models",
                column: "model_version",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "debtor_scores");

            migrationBuilder.DropTable(
                name: "scoring_models");
        }
    }
}
