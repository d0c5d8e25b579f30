using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using NpgsqlTypes;

namespace Cartera.Application.Import;

/// <summary>A table the bulk path writes: its snake_case columns (as in the migrations) and their PostgreSQL types.
/// <see cref="Versioned"/>: SQLite has an explicit <c>version</c> concurrency column (PostgreSQL uses xmin).</summary>
internal abstract class BulkTable(string name, bool versioned)
{
    public string Name { get; } = name;

    public bool Versioned { get; } = versioned;

    public abstract IReadOnlyList<(string Column, NpgsqlDbType Type)> Columns { get; }
}

/// <summary>
/// A bulk table and how one <typeparamref name="TRow"/> fills it, defined once: each column is declared with its
/// value, so the column order the COPY/INSERT names and the order the values are written in cannot drift apart.
/// </summary>
internal sealed class BulkTable<TRow>(string name, bool versioned) : BulkTable(name, versioned)
{
    private readonly List<(string Column, NpgsqlDbType Type)> _columns = [];
    private readonly List<Action<ITableSink, TRow>> _values = [];

    public override IReadOnlyList<(string Column, NpgsqlDbType Type)> Columns => _columns;

    public BulkTable<TRow> Long(string column, Func<TRow, long> value) => Add(column, NpgsqlDbType.Bigint, (sink, row) => sink.Long(value(row)));

    public BulkTable<TRow> Int(string column, Func<TRow, int> value) => Add(column, NpgsqlDbType.Integer, (sink, row) => sink.Int(value(row)));

    public BulkTable<TRow> LongOrNull(string column, Func<TRow, long?> value) => Add(column, NpgsqlDbType.Bigint, (sink, row) => sink.LongOrNull(value(row)));

    public BulkTable<TRow> IntOrNull(string column, Func<TRow, int?> value) => Add(column, NpgsqlDbType.Integer, (sink, row) => sink.IntOrNull(value(row)));

    public BulkTable<TRow> Text(string column, Func<TRow, string?> value) => Add(column, NpgsqlDbType.Text, (sink, row) => sink.Text(value(row)));

    public BulkTable<TRow> Bool(string column, Func<TRow, bool> value) => Add(column, NpgsqlDbType.Boolean, (sink, row) => sink.Bool(value(row)));

    public BulkTable<TRow> Date(string column, Func<TRow, DateOnly?> value) => Add(column, NpgsqlDbType.Date, (sink, row) => sink.Date(value(row)));

    public BulkTable<TRow> Instant(string column, Func<TRow, DateTimeOffset> value) => Add(column, NpgsqlDbType.TimestampTz, (sink, row) => sink.Instant(value(row)));

    public BulkTable<TRow> Rate(string column, Func<TRow, decimal?> value) => Add(column, NpgsqlDbType.Numeric, (sink, row) => sink.Rate(value(row)));

    /// <summary>Writes one row: every column's value in the declared order, then ends the row.</summary>
    public void Write(ITableSink sink, TRow row)
    {
        foreach (var value in _values)
        {
            value(sink, row);
        }

        sink.EndRow();
    }

    private BulkTable<TRow> Add(string column, NpgsqlDbType type, Action<ITableSink, TRow> value)
    {
        _columns.Add((column, type));
        _values.Add(value);
        return this;
    }
}

/// <summary>An installment row as the bulk path writes it (nothing paid yet).</summary>
internal readonly record struct InstallmentRow(long ObligationId, int Number, DateOnly DueDate, long Principal, long Interest, long Insurance, long Other);

/// <summary>The disbursement ledger entry of an imported obligation.</summary>
internal readonly record struct DisbursementRow(long Id, long ObligationId, Obligation Obligation, string FileName, string Actor, DateTimeOffset At);

internal static class BulkTables
{
    public static readonly BulkTable<(long Id, Debtor Debtor)> Debtors = new BulkTable<(long Id, Debtor Debtor)>("debtors", true)
        .Long("id", r => r.Id).Text("external_id", r => r.Debtor.ExternalId).Text("kind", r => EnumCodes.ToCode(r.Debtor.Kind))
        .Text("id_type", r => EnumCodes.ToCode(r.Debtor.IdType)).Text("id_number", r => r.Debtor.IdNumber).Text("id_check_digit", r => r.Debtor.IdCheckDigit)
        .Text("full_name", r => r.Debtor.FullName).Date("birth_date", r => r.Debtor.BirthDate).Text("country", r => r.Debtor.Country)
        .Text("region", r => r.Debtor.Region).Text("city", r => r.Debtor.City).Text("address", r => r.Debtor.Address)
        .Text("time_zone", r => r.Debtor.TimeZone).Text("language", r => r.Debtor.Language).Text("segment", r => r.Debtor.Segment)
        .Instant("created_at", r => r.Debtor.CreatedAt).Instant("updated_at", r => r.Debtor.UpdatedAt);

    public static readonly BulkTable<(long Id, long DebtorId, ContactPoint Contact)> ContactPoints = new BulkTable<(long Id, long DebtorId, ContactPoint Contact)>("contact_points", false)
        .Long("id", r => r.Id).Long("debtor_id", r => r.DebtorId).Text("channel", r => EnumCodes.ToCode(r.Contact.Channel)).Text("value", r => r.Contact.Value)
        .Bool("is_primary", r => r.Contact.IsPrimary).Bool("verified", r => r.Contact.Verified).Bool("do_not_contact", r => r.Contact.DoNotContact)
        .Instant("created_at", r => r.Contact.CreatedAt);

    public static readonly BulkTable<(long Id, long DebtorId, ConsentRecord Consent)> ConsentRecords = new BulkTable<(long Id, long DebtorId, ConsentRecord Consent)>("consent_records", false)
        .Long("id", r => r.Id).Long("debtor_id", r => r.DebtorId).Text("channel", r => EnumCodes.ToCode(r.Consent.Channel))
        .Text("purpose", r => EnumCodes.ToCode(r.Consent.Purpose)).Bool("granted", r => r.Consent.Granted).Instant("recorded_at", r => r.Consent.RecordedAt)
        .Text("recorded_by", r => r.Consent.RecordedBy).Text("method", r => r.Consent.Method).Text("evidence", r => r.Consent.Evidence);

    public static readonly BulkTable<(long Id, Obligation Obligation)> Obligations = new BulkTable<(long Id, Obligation Obligation)>("obligations", true)
        .Long("id", r => r.Id).Text("external_id", r => r.Obligation.ExternalId).Long("debtor_id", r => r.Obligation.DebtorId)
        .Text("kind", r => EnumCodes.ToCode(r.Obligation.Kind)).Text("product", r => r.Obligation.Product).Text("currency", r => r.Obligation.CurrencyCode)
        .Date("issue_date", r => r.Obligation.IssueDate).Long("principal_minor", r => r.Obligation.PrincipalMinor)
        .Rate("annual_rate_ea", r => r.Obligation.AnnualRateEa).Rate("arrears_rate_ea", r => r.Obligation.ArrearsRateEa).Int("term", r => r.Obligation.Term)
        .Text("frequency", r => EnumCodes.ToCode(r.Obligation.Frequency)).Text("amortization", r => EnumCodes.ToCode(r.Obligation.Amortization))
        .Date("first_due_date", r => r.Obligation.FirstDueDate).Text("branch", r => r.Obligation.Branch).Text("status", r => EnumCodes.ToCode(r.Obligation.Status))
        .Text("schedule_source", r => EnumCodes.ToCode(r.Obligation.ScheduleSource)).Instant("created_at", r => r.Obligation.CreatedAt);

    public static readonly BulkTable<(long ObligationId, ObligationParty Party)> ObligationParties = new BulkTable<(long ObligationId, ObligationParty Party)>("obligation_parties", false)
        .Long("obligation_id", r => r.ObligationId).Long("debtor_id", r => r.Party.DebtorId).Text("role", r => EnumCodes.ToCode(r.Party.Role));

    public static readonly BulkTable<InstallmentRow> Installments = new BulkTable<InstallmentRow>("installments", false)
        .Long("obligation_id", r => r.ObligationId).Int("number", r => r.Number).Date("due_date", r => r.DueDate)
        .Long("principal_minor", r => r.Principal).Long("interest_minor", r => r.Interest).Long("insurance_minor", r => r.Insurance).Long("other_minor", r => r.Other)
        .Long("principal_paid_minor", _ => 0).Long("interest_paid_minor", _ => 0).Long("insurance_paid_minor", _ => 0).Long("other_paid_minor", _ => 0);

    public static readonly BulkTable<DisbursementRow> LedgerEntries = new BulkTable<DisbursementRow>("ledger_entries", false)
        .Long("id", r => r.Id).Long("obligation_id", r => r.ObligationId).Date("business_date", r => r.Obligation.IssueDate).Date("value_date", r => r.Obligation.IssueDate)
        .Text("kind", _ => EnumCodes.ToCode(LedgerEntryKind.Disbursement)).Text("component", _ => EnumCodes.ToCode(LedgerComponent.Principal))
        .Long("amount_minor", r => r.Obligation.PrincipalMinor).Text("currency", r => r.Obligation.CurrencyCode)
        .Text("idempotency_key", r => "import:disbursement:" + r.Obligation.ExternalId).Text("description", r => "Disbursement (import " + r.FileName + ")")
        .Text("created_by", r => r.Actor).Instant("created_at", r => r.At);

    public static readonly BulkTable<(long Id, long ObligationId, CollateralData Data)> Collaterals = new BulkTable<(long Id, long ObligationId, CollateralData Data)>("collaterals", true)
        .Long("id", r => r.Id).Text("external_id", r => r.Data.ExternalId.Trim()).Long("obligation_id", r => r.ObligationId).Text("type", r => EnumCodes.ToCode(r.Data.Type))
        .Text("description", r => r.Data.Description).Long("appraised_value_minor", r => r.Data.AppraisedValue.MinorUnits).Text("currency", r => r.Data.AppraisedValue.Currency.Code)
        .Date("appraisal_date", r => r.Data.AppraisalDate).Date("next_verification_date", r => r.Data.NextVerificationDate);

    public static readonly BulkTable<(long Id, long ObligationId, InsurancePolicyData Data)> InsurancePolicies = new BulkTable<(long Id, long ObligationId, InsurancePolicyData Data)>("insurance_policies", true)
        .Long("id", r => r.Id).Text("external_id", r => r.Data.ExternalId.Trim()).Long("obligation_id", r => r.ObligationId).Text("insurer", r => r.Data.Insurer.Trim())
        .Text("policy_number", r => r.Data.PolicyNumber.Trim()).Text("type", r => EnumCodes.ToCode(r.Data.Type)).Long("insured_value_minor", r => r.Data.InsuredValue.MinorUnits)
        .Text("currency", r => r.Data.InsuredValue.Currency.Code).Date("start_date", r => r.Data.StartDate).Date("expiry_date", r => r.Data.ExpiryDate)
        .Text("renewal_status", r => EnumCodes.ToCode(r.Data.RenewalStatus));
}
