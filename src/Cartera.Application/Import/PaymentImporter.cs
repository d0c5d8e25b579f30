using System.Globalization;
using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using static Cartera.Application.Import.PaymentColumns;

namespace Cartera.Application.Import;

/// <summary>
/// payments, set-wise: the file's rows are held until the end, then taken per batch of obligations: one read of the
/// batch's obligations, installments, ledger lines and payments; every payment of the batch validated and allocated in
/// memory in the deterministic order (value date, then payment_id) by the same code a single posting runs
/// (<see cref="PaymentChecks"/>, <see cref="PaymentReallocation"/>), so the ledger is what posting the rows one by one in
/// that order books; then one bulk write of the payments and ledger lines (binary COPY on PostgreSQL, prepared inserts on
/// SQLite) and of the installments' paid columns. <c>payment_id</c> is the idempotency key: a row already posted with the
/// same data is unchanged; with other data it is the row's error <c>idempotency_mismatch</c>. Every rule of every row is
/// checked and reported (a row with a parse error still gets the checks its parsed cells allow); any error rolls the
/// import back.
/// </summary>
internal sealed class PaymentImporter(ImportContext context) : KindImporter(context)
{
    /// <summary>Obligations read, allocated and written together.</summary>
    internal const int ObligationsPerBatch = 2_000;


    internal static readonly BulkTable<Payment> PaymentsTable = new BulkTable<Payment>("payments", true)
        .Long("id", p => p.Id).Text("external_id", p => p.ExternalId).Long("obligation_id", p => p.ObligationId).Long("amount_minor", p => p.AmountMinor)
        .Text("currency", p => p.CurrencyCode).Date("received_on", p => p.ReceivedOn).Date("business_date", p => p.BusinessDate)
        .Text("channel", p => EnumCodes.ToCode(p.Channel)).Text("reference", p => p.Reference).Text("idempotency_key", p => p.IdempotencyKey)
        .Text("request_hash", p => p.RequestHash).Text("status", p => EnumCodes.ToCode(p.Status)).Text("created_by", p => p.CreatedBy)
        .Instant("created_at", p => p.CreatedAt);

    internal static readonly BulkTable<LedgerLine> LedgerTable = new BulkTable<LedgerLine>("ledger_entries", false)
        .Long("id", l => l.Entry.Id).Long("obligation_id", l => l.Entry.ObligationId).Date("business_date", l => l.Entry.BusinessDate)
        .Date("value_date", l => l.Entry.ValueDate).Text("kind", l => EnumCodes.ToCode(l.Entry.Kind)).Text("component", l => EnumCodes.ToCode(l.Entry.Component))
        .Long("amount_minor", l => l.Entry.AmountMinor).Text("currency", l => l.Entry.CurrencyCode).IntOrNull("installment_number", l => l.Entry.InstallmentNumber)
        .Text("idempotency_key", l => l.Entry.IdempotencyKey).LongOrNull("reverses_entry_id", l => l.Entry.ReversesEntryId)
        .Text("description", l => l.Entry.Description).Text("created_by", l => l.Entry.CreatedBy).Instant("created_at", l => l.Entry.CreatedAt)
        .LongOrNull("payment_id", l => l.PaymentId);

    private static readonly string[] PaidParameters = ["$o", "$n", "$p", "$i", "$s", "$t"];

    private readonly SeenKeys _seenIds = new();
    private readonly List<Row> _rows = [];

    public override IReadOnlyList<string> IdTables => ["payments", "ledger_entries"];

    /// <summary>Rows are held until the end of the file (allocation needs the file's whole set per obligation).</summary>
    public override int Pending => 0;

    public override void ReadRow(CellParser cells)
    {
        var id = cells.Required(PaymentId);
        var obligation = cells.Required(ObligationId);
        var currency = cells.CurrencyOf(CurrencyCol);
        var amount = cells.Amount(AmountCol, currency, true);
        var receivedOn = cells.Date(ReceivedOn, true);
        var channel = cells.Code<PaymentChannel>(ChannelCol, false) ?? PaymentChannel.Other;
        var reference = cells.Text(ReferenceCol);
        if (id is not null && id.Trim().Length > 64)
        {
            cells.Error(PaymentId, "invalid_value", "payment_id has at most 64 characters.");
        }

        if (id is not null)
        {
            if (_seenIds.TryGetValue(id.Trim(), out var first))
            {
                cells.Error(PaymentId, "duplicate_id", $"Payment '{id}' appears more than once in the file (first on row {first}).");
            }
            else
            {
                _seenIds[id.Trim()] = cells.Row;
            }
        }

        if (obligation is not null)
        {
            _rows.Add(new Row(cells.Row, cells.RowFailed, id?.Trim() ?? string.Empty, obligation, amount, receivedOn, channel, reference));
        }
    }

    public override async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (!final || _rows.Count == 0)
        {
            return;
        }

        var obligations = await Context.IdsByExternalIdAsync("obligations", _rows.Select(p => p.Obligation).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var byObligation = new Dictionary<long, List<Row>>();
        foreach (var row in _rows)
        {
            if (!obligations.TryGetValue(row.Obligation, out var obligationId))
            {
                Context.Error(row.Number, ObligationId, "unknown_obligation", $"Obligation '{row.Obligation}' does not exist. Import it in the obligations file first.");
                continue;
            }

            if (!byObligation.TryGetValue(obligationId, out var list))
            {
                byObligation[obligationId] = list = [];
            }

            list.Add(row with { ObligationId = obligationId });
        }

        _rows.Clear();
        var shared = new Shared(
            await new BusinessCalendar(Context.Db).CurrentAsync(cancellationToken),
            await JurisdictionTables.LoadAsync(Context.Db, cancellationToken),
            new ProductCatalog(Context.Db));
        foreach (var batch in byObligation.OrderBy(g => g.Key).Chunk(ObligationsPerBatch))
        {
            await PostBatchAsync(batch.ToDictionary(g => g.Key, g => g.Value), shared, cancellationToken);
        }

        Context.Db.ChangeTracker.Clear();
    }

    private async Task PostBatchAsync(Dictionary<long, List<Row>> batch, Shared shared, CancellationToken ct)
    {
        var db = Context.Db;
        var ids = batch.Keys.ToList();
        var keys = batch.Values.SelectMany(r => r).Where(r => !r.ParseFailed).Select(r => r.PaymentId).ToList();
        var obligations = await db.Obligations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var debtorIds = obligations.Values.Select(o => o.DebtorId).Distinct().ToList();
        var countries = await db.Debtors.AsNoTracking().Where(d => debtorIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Country, ct);
        var installments = (await db.Installments.AsNoTracking().Where(i => ids.Contains(i.ObligationId)).ToListAsync(ct))
            .ToLookup(i => i.ObligationId);
        var lines = (await db.LedgerEntries.AsNoTracking().Where(e => ids.Contains(e.ObligationId)).OrderBy(e => e.Id)
            .Select(e => new LedgerLine(e, EF.Property<long?>(e, Payment.LedgerPaymentId))).ToListAsync(ct)).ToLookup(l => l.Entry.ObligationId);
        var payments = (await db.Payments.AsNoTracking().Where(p => ids.Contains(p.ObligationId)).ToListAsync(ct)).ToLookup(p => p.ObligationId);
        var byKey = (await db.Payments.AsNoTracking().Where(p => keys.Contains(p.IdempotencyKey)).ToListAsync(ct)).ToDictionary(p => p.IdempotencyKey, StringComparer.Ordinal);

        var sink = new ImportedLedgerLines(Context.Writer);
        var created = new List<Payment>();
        var paid = new List<Installment>();
        var now = db.Clock.GetUtcNow();
        foreach (var (obligationId, rows) in batch)
        {
            var obligation = obligations[obligationId];
            var settings = await shared.SettingsAsync(obligation.Product, ct);
            var schedule = installments[obligationId].OrderBy(i => i.Number).ToList();
            var before = schedule.Select(PaidOf).ToList();
            var state = new ObligationState(obligation, settings, schedule, new ObligationLedger(obligationId, [.. lines[obligationId]], sink), shared.Business);
            var own = payments[obligationId].ToList();
            foreach (var row in rows.OrderBy(r => r.ReceivedOn).ThenBy(r => r.PaymentId, StringComparer.Ordinal))
            {
                try
                {
                    if (Post(state, own, byKey, row, shared.Tables.Rates(countries[obligation.DebtorId]), now) is { } payment)
                    {
                        created.Add(payment);
                    }
                }
                catch (IdempotencyConflictException)
                {
                    Context.Error(row.Number, PaymentId, IdempotencyConflictException.MismatchCode, $"Payment '{row.PaymentId}' was already posted with different data (obligation, amount, currency, date, channel or reference).");
                }
                catch (DomainException e)
                {
                    Context.Error(row.Number, e, AmountCol);
                }
                catch (OverflowException)
                {
                    Context.Error(row.Number, AmountCol, "amount_out_of_range", "The obligation's amounts would no longer fit in 64-bit minor units; nothing was booked.");
                }
            }

            paid.AddRange(schedule.Where((i, k) => PaidOf(i) != before[k]));
        }

        if (!Context.Failed)
        {
            WritePayments(created);
            WriteLines(sink.Lines);
            await WritePaidAsync(paid, ct);
        }
    }

    /// <summary>One row, as <see cref="PostPayment"/> posts it: idempotency, the rules, the excess credit balance, then
    /// the payment and the re-allocation from it on. Returns the new payment, or null for a replayed one.</summary>
    private Payment? Post(ObligationState state, List<Payment> own, Dictionary<string, Payment> byKey, Row row, ArrearsRateSource rates, DateTimeOffset now)
    {
        if (row.ParseFailed || row.Amount is not { } amount || row.ReceivedOn is not { } receivedOn)
        {
            // Only the rules the parsed cells allow: the row is already an error.
            foreach (var e in PaymentChecks.PostableErrors(state, row.ReceivedOn, row.Amount))
            {
                Context.Error(row.Number, e, AmountCol);
            }

            return null;
        }

        var command = new PostPaymentCommand(state.Obligation.Id, amount.Amount, amount.Currency.Code, receivedOn, row.Channel, row.Reference, row.PaymentId, row.PaymentId);
        var (money, hash) = PaymentChecks.Validate(command);
        if (byKey.TryGetValue(row.PaymentId, out var existing))
        {
            if (existing.RequestHash != hash)
            {
                throw new IdempotencyConflictException(row.PaymentId, existing.Id);
            }

            Context.Unchanged++;
            return null;
        }

        if (own.Exists(p => p.ExternalId == row.PaymentId))
        {
            throw new DomainException("duplicate_payment_id", $"Obligation {state.Obligation.Id} already has a payment with this payment_id under another idempotency key.", "payment_id");
        }

        var errors = PaymentChecks.PostableErrors(state, receivedOn, money).ToList();
        foreach (var e in errors)
        {
            Context.Error(row.Number, e, AmountCol);
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var pending = PaymentChecks.Sum(own.Where(p => p.Status == PaymentStatus.Pending).Select(p => p.AmountMinor));
        if (PaymentChecks.ExcessCreditBalance(state, pending, money.MinorUnits, receivedOn, rates) is { } over)
        {
            throw PaymentChecks.ExcessError(state, over, money.Currency);
        }

        var payment = new Payment
        {
            Id = Context.Writer.NextId("payments"),
            ExternalId = row.PaymentId,
            ObligationId = state.Obligation.Id,
            AmountMinor = money.MinorUnits,
            CurrencyCode = money.Currency.Code,
            ReceivedOn = receivedOn,
            BusinessDate = state.Business,
            Channel = row.Channel,
            Reference = string.IsNullOrWhiteSpace(row.Reference) ? null : row.Reference.Trim(),
            IdempotencyKey = row.PaymentId,
            RequestHash = hash,
            Status = receivedOn > state.Business ? PaymentStatus.Pending : PaymentStatus.Posted,
            CreatedBy = Context.Actor,
            CreatedAt = now,
        };
        own.Add(payment);
        if (payment.Status == PaymentStatus.Posted)
        {
            var affected = PaymentReallocation.Affected(own, payment.ReceivedOn, payment.ExternalId);
            PaymentReallocation.Apply(state, affected, rates, Context.Actor, now);
        }

        Context.Inserted++;
        return payment;
    }

    private static (long, long, long, long) PaidOf(Installment i) => (i.PrincipalPaidMinor, i.InterestPaidMinor, i.InsurancePaidMinor, i.OtherPaidMinor);

    private void WritePayments(List<Payment> payments)
    {
        if (payments.Count == 0)
        {
            return;
        }

        using var sink = Context.Writer.Open(PaymentsTable);
        foreach (var p in payments)
        {
            PaymentsTable.Write(sink, p);
        }

        sink.Complete();
    }

    private void WriteLines(List<LedgerLine> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        using var sink = Context.Writer.Open(LedgerTable);
        foreach (var line in lines)
        {
            LedgerTable.Write(sink, line);
        }

        sink.Complete();
    }

    /// <summary>The paid columns of the installments the batch changed: one UPDATE from arrays on PostgreSQL, a prepared
    /// UPDATE per installment on SQLite.</summary>
    private async Task WritePaidAsync(List<Installment> installments, CancellationToken ct)
    {
        if (installments.Count == 0)
        {
            return;
        }

        const string Set = "principal_paid_minor = {0}p, interest_paid_minor = {0}i, insurance_paid_minor = {0}s, other_paid_minor = {0}t";
        if (Context.Writer.InClauseUsesArray)
        {
            await using var command = (Npgsql.NpgsqlCommand)Context.Writer.Command(
                "UPDATE installments AS x SET " + string.Format(CultureInfo.InvariantCulture, Set, "u.") + " FROM unnest(@o, @n, @p, @i, @s, @t) AS u(o, n, p, i, s, t) WHERE x.obligation_id = u.o AND x.number = u.n");
            command.Parameters.AddWithValue("o", installments.Select(i => i.ObligationId).ToArray());
            command.Parameters.AddWithValue("n", installments.Select(i => i.Number).ToArray());
            command.Parameters.AddWithValue("p", installments.Select(i => i.PrincipalPaidMinor).ToArray());
            command.Parameters.AddWithValue("i", installments.Select(i => i.InterestPaidMinor).ToArray());
            command.Parameters.AddWithValue("s", installments.Select(i => i.InsurancePaidMinor).ToArray());
            command.Parameters.AddWithValue("t", installments.Select(i => i.OtherPaidMinor).ToArray());
            await command.ExecuteNonQueryAsync(ct);
            return;
        }

        await using var update = Context.Writer.Command("UPDATE installments SET " + string.Format(CultureInfo.InvariantCulture, Set, "$") + " WHERE obligation_id = $o AND number = $n");
        var parameters = PaidParameters.Select(name =>
        {
            var p = update.CreateParameter();
            p.ParameterName = name;
            update.Parameters.Add(p);
            return p;
        }).ToArray();
        update.Prepare();
        foreach (var i in installments)
        {
            parameters[0].Value = i.ObligationId;
            parameters[1].Value = i.Number;
            parameters[2].Value = i.PrincipalPaidMinor;
            parameters[3].Value = i.InterestPaidMinor;
            parameters[4].Value = i.InsurancePaidMinor;
            parameters[5].Value = i.OtherPaidMinor;
            await update.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed record Row(long Number, bool ParseFailed, string PaymentId, string Obligation, Money? Amount, DateOnly? ReceivedOn, PaymentChannel Channel, string? Reference)
    {
        public long ObligationId { get; init; }
    }

    /// <summary>What every batch reads the same: the business date, the jurisdictions' arrears rates, the product settings by code.</summary>
    private sealed class Shared(DateOnly business, JurisdictionTables tables, ProductCatalog catalog)
    {
        private readonly Dictionary<string, ProductSettings> _settings = new(StringComparer.Ordinal);

        public DateOnly Business { get; } = business;

        public JurisdictionTables Tables { get; } = tables;

        public async Task<ProductSettings> SettingsAsync(string product, CancellationToken ct)
        {
            if (!_settings.TryGetValue(product, out var settings))
            {
                _settings[product] = settings = await catalog.ForCodeAsync(product, ct);
            }

            return settings;
        }
    }

    /// <summary>Lines the in-memory postings book, with the ids the bulk write gives them (a later re-allocation in the
    /// same import reverses them by id, as it would stored lines).</summary>
    private sealed class ImportedLedgerLines(BulkWriter writer) : ILedgerLineSink
    {
        private static readonly Action<LedgerEntry, long> SetId =
            typeof(LedgerEntry).GetProperty(nameof(LedgerEntry.Id))!.GetSetMethod(nonPublic: true)!.CreateDelegate<Action<LedgerEntry, long>>();

        public List<LedgerLine> Lines { get; } = [];

        public void Add(LedgerEntry entry, long? paymentId)
        {
            SetId(entry, writer.NextId("ledger_entries"));
            Lines.Add(new LedgerLine(entry, paymentId));
        }
    }
}
