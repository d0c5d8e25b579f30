using NpgsqlTypes;

namespace Cartera.Application.Import;

/// <summary>A table the bulk path writes: its snake_case columns (as in the migrations) and their PostgreSQL types.
/// <paramref name="Versioned"/>: SQLite has an explicit <c>version</c> concurrency column (PostgreSQL uses xmin).</summary>
internal sealed record BulkTable(string Name, bool Versioned, params (string Column, NpgsqlDbType Type)[] Columns);

internal static class BulkTables
{
    public static readonly BulkTable Debtors = new("debtors", true,
        ("id", NpgsqlDbType.Bigint), ("external_id", NpgsqlDbType.Text), ("kind", NpgsqlDbType.Text), ("id_type", NpgsqlDbType.Text),
        ("id_number", NpgsqlDbType.Text), ("id_check_digit", NpgsqlDbType.Text), ("full_name", NpgsqlDbType.Text), ("birth_date", NpgsqlDbType.Date),
        ("country", NpgsqlDbType.Text), ("region", NpgsqlDbType.Text), ("city", NpgsqlDbType.Text), ("address", NpgsqlDbType.Text),
        ("time_zone", NpgsqlDbType.Text), ("language", NpgsqlDbType.Text), ("segment", NpgsqlDbType.Text),
        ("created_at", NpgsqlDbType.TimestampTz), ("updated_at", NpgsqlDbType.TimestampTz));

    public static readonly BulkTable ContactPoints = new("contact_points", false,
        ("id", NpgsqlDbType.Bigint), ("debtor_id", NpgsqlDbType.Bigint), ("channel", NpgsqlDbType.Text), ("value", NpgsqlDbType.Text),
        ("is_primary", NpgsqlDbType.Boolean), ("verified", NpgsqlDbType.Boolean), ("do_not_contact", NpgsqlDbType.Boolean),
        ("created_at", NpgsqlDbType.TimestampTz));

    public static readonly BulkTable ConsentRecords = new("consent_records", false,
        ("id", NpgsqlDbType.Bigint), ("debtor_id", NpgsqlDbType.Bigint), ("channel", NpgsqlDbType.Text), ("purpose", NpgsqlDbType.Text),
        ("granted", NpgsqlDbType.Boolean), ("recorded_at", NpgsqlDbType.TimestampTz), ("recorded_by", NpgsqlDbType.Text),
        ("method", NpgsqlDbType.Text), ("evidence", NpgsqlDbType.Text));

    public static readonly BulkTable Obligations = new("obligations", true,
        ("id", NpgsqlDbType.Bigint), ("external_id", NpgsqlDbType.Text), ("debtor_id", NpgsqlDbType.Bigint), ("kind", NpgsqlDbType.Text),
        ("product", NpgsqlDbType.Text), ("currency", NpgsqlDbType.Text), ("issue_date", NpgsqlDbType.Date), ("principal_minor", NpgsqlDbType.Bigint),
        ("annual_rate_ea", NpgsqlDbType.Numeric), ("arrears_rate_ea", NpgsqlDbType.Numeric), ("term", NpgsqlDbType.Integer),
        ("frequency", NpgsqlDbType.Text), ("amortization", NpgsqlDbType.Text), ("first_due_date", NpgsqlDbType.Date), ("branch", NpgsqlDbType.Text),
        ("status", NpgsqlDbType.Text), ("schedule_source", NpgsqlDbType.Text), ("created_at", NpgsqlDbType.TimestampTz));

    public static readonly BulkTable ObligationParties = new("obligation_parties", false,
        ("obligation_id", NpgsqlDbType.Bigint), ("debtor_id", NpgsqlDbType.Bigint), ("role", NpgsqlDbType.Text));

    public static readonly BulkTable Installments = new("installments", false,
        ("obligation_id", NpgsqlDbType.Bigint), ("number", NpgsqlDbType.Integer), ("due_date", NpgsqlDbType.Date),
        ("principal_minor", NpgsqlDbType.Bigint), ("interest_minor", NpgsqlDbType.Bigint), ("insurance_minor", NpgsqlDbType.Bigint),
        ("other_minor", NpgsqlDbType.Bigint), ("principal_paid_minor", NpgsqlDbType.Bigint), ("interest_paid_minor", NpgsqlDbType.Bigint),
        ("insurance_paid_minor", NpgsqlDbType.Bigint), ("other_paid_minor", NpgsqlDbType.Bigint));

    public static readonly BulkTable LedgerEntries = new("ledger_entries", false,
        ("id", NpgsqlDbType.Bigint), ("obligation_id", NpgsqlDbType.Bigint), ("business_date", NpgsqlDbType.Date), ("value_date", NpgsqlDbType.Date),
        ("kind", NpgsqlDbType.Text), ("component", NpgsqlDbType.Text), ("amount_minor", NpgsqlDbType.Bigint), ("currency", NpgsqlDbType.Text),
        ("idempotency_key", NpgsqlDbType.Text), ("description", NpgsqlDbType.Text), ("created_by", NpgsqlDbType.Text), ("created_at", NpgsqlDbType.TimestampTz));

    public static readonly BulkTable Collaterals = new("collaterals", true,
        ("id", NpgsqlDbType.Bigint), ("external_id", NpgsqlDbType.Text), ("obligation_id", NpgsqlDbType.Bigint), ("type", NpgsqlDbType.Text),
        ("description", NpgsqlDbType.Text), ("appraised_value_minor", NpgsqlDbType.Bigint), ("currency", NpgsqlDbType.Text),
        ("appraisal_date", NpgsqlDbType.Date), ("next_verification_date", NpgsqlDbType.Date));

    public static readonly BulkTable InsurancePolicies = new("insurance_policies", true,
        ("id", NpgsqlDbType.Bigint), ("external_id", NpgsqlDbType.Text), ("obligation_id", NpgsqlDbType.Bigint), ("insurer", NpgsqlDbType.Text),
        ("policy_number", NpgsqlDbType.Text), ("type", NpgsqlDbType.Text), ("insured_value_minor", NpgsqlDbType.Bigint), ("currency", NpgsqlDbType.Text),
        ("start_date", NpgsqlDbType.Date), ("expiry_date", NpgsqlDbType.Date), ("renewal_status", NpgsqlDbType.Text));
}
