using System.Globalization;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using static Cartera.Application.Import.ObligationColumns;

namespace Cartera.Application.Import;

/// <summary>
/// obligations: a new obligation is bulk-written with its co-debtors, its generated schedule (RULES §1) and its
/// disbursement ledger entry. An existing one (same obligation_id) must carry the same financial terms; a difference
/// is the error <c>terms_changed</c> (changing terms takes an adjustment). Missing co-debtors are added.
/// </summary>
internal sealed class ObligationImporter(ImportContext context) : KindImporter(context)
{
    private readonly SeenKeys _seenIds = new();
    private readonly List<Row> _pending = [];
    private readonly Dictionary<string, CapTable> _caps = new(StringComparer.Ordinal);

    private sealed record Row(long Number, string Holder, string[] CoDebtors, ObligationTerms Terms);

    public override IReadOnlyList<string> IdTables => ["obligations", "ledger_entries"];

    public override IReadOnlyList<string> WrittenTables => ["obligations", "obligation_parties", "installments", "ledger_entries"];

    public override int Pending => _pending.Count;

    public override void ReadRow(CellParser cells)
    {
        var externalId = cells.Required(ObligationId);
        var holder = cells.Required(DebtorId);
        var kind = cells.Code<ObligationKind>(Kind, true);
        var product = cells.Required(Product);
        var currency = cells.CurrencyOf(CurrencyCol);
        var issueDate = cells.Date(IssueDate, true);
        var principal = cells.Amount(Principal, currency, true);
        var rate = cells.Decimal(AnnualRate, true);
        var arrears = cells.Decimal(ArrearsRate, false);
        var term = cells.Int(Term, true);
        var frequency = cells.Code<PaymentFrequency>(Frequency, true);
        var amortization = cells.Code<Amortization>(AmortizationCol, true);
        var firstDue = cells.Date(FirstDueDate, true);
        var branch = cells.Text(Branch);
        var coDebtors = (cells.Text(CoDebtors) ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (externalId is not null)
        {
            if (_seenIds.TryGetValue(externalId, out var first))
            {
                cells.Error(ObligationId, "duplicate_id", $"Obligation '{externalId}' appears more than once in the file (first on row {first}).");
            }
            else
            {
                _seenIds[externalId] = cells.Row;
            }
        }

        if (issueDate is { } issued)
        {
            var today = Context.LenderToday;
            if (issued < EarliestIssueDate || issued > today)
            {
                cells.Error(IssueDate, "implausible_date", string.Create(CultureInfo.InvariantCulture,
                    $"La fecha de desembolso {issued:yyyy-MM-dd} no es plausible: debe estar entre {EarliestIssueDate:yyyy-MM-dd} y hoy ({today:yyyy-MM-dd})."));
            }
        }

        // Every rule error of the row, even when other cells did not parse: a cell that did not parse is replaced by a
        // valid stand-in, and so is each field a rule rejects, until the terms pass. Stand-ins never reach the database.
        var placeholderCurrency = currency ?? Currency.Of("COP");
        var terms = new ObligationTerms(externalId ?? "-", kind ?? ObligationKind.Loan, product ?? "-",
            principal ?? Money.Of(1m, placeholderCurrency), issueDate ?? firstDue ?? new DateOnly(2000, 1, 1), rate ?? 0m, arrears,
            term ?? 1, frequency ?? PaymentFrequency.Monthly, amortization ?? (kind == ObligationKind.Invoice ? Amortization.Single : Amortization.French),
            firstDue ?? issueDate ?? new DateOnly(2000, 1, 1), branch);
        for (var attempt = 0; attempt < 12; attempt++)
        {
            try
            {
                terms.Validate();
                break;
            }
            catch (DomainException e)
            {
                cells.Error(e, ObligationId);
                var fixedTerms = e.Field switch
                {
                    "obligation_id" => terms with { ExternalId = "-" },
                    "product" => terms with { Product = "-" },
                    "principal" => terms with { Principal = Money.Of(1m, placeholderCurrency) },
                    "annual_rate_ea" => terms with { AnnualRateEa = 0m },
                    "arrears_rate_ea" => terms with { ArrearsRateEa = null },
                    "term" => terms with { Term = 1 },
                    "first_due_date" => terms with { FirstDueDate = terms.IssueDate, Term = 1 },
                    "amortization" => terms with { Amortization = terms.Kind == ObligationKind.Invoice ? Amortization.Single : Amortization.French },
                    _ => null,
                };
                if (fixedTerms is null)
                {
                    break;
                }

                terms = fixedTerms;
            }
        }

        if (!cells.RowFailed)
        {
            _pending.Add(new Row(cells.Row, holder!, coDebtors, terms));
        }
    }

    /// <summary>Issue dates before this are not plausible (a typing slip such as 1800 for 2018).</summary>
    public static readonly DateOnly EarliestIssueDate = new(1900, 1, 1);

    /// <summary>
    /// The product's limits. The principal against the product's largest amount for its currency
    /// (<c>max_amount_major</c>, as payments: <c>amount_too_large</c>). The contract's annual rate against the legal cap
    /// (usury rate) in force on the issue date, for the holder's country and the product's cap modality. An obligation
    /// above it is refused: charging above the usury rate is not allowed (RULES §3). No cap row for that date (or a
    /// country without a table) means no check.
    /// </summary>
    private async Task CheckProductLimitsAsync(Dictionary<string, string> countries, CancellationToken cancellationToken)
    {
        var products = await new ProductCatalog(Context.Db).ForCodesAsync(_pending.Select(r => r.Terms.Product), cancellationToken);
        foreach (var row in _pending)
        {
            var settings = products[row.Terms.Product];
            var max = settings.MaxAmountMinor(row.Terms.Principal.Currency);
            if (row.Terms.Principal.MinorUnits > max)
            {
                Context.Error(row.Number, Principal, "amount_too_large", string.Create(CultureInfo.InvariantCulture,
                    $"El capital {row.Terms.Principal} supera el monto máximo del producto {settings.Code} ({Money.FromMinorUnits(max, row.Terms.Principal.Currency)})."));
            }

            if (!countries.TryGetValue(row.Holder, out var country))
            {
                continue;
            }

            if (!_caps.TryGetValue(country, out var caps))
            {
                caps = await new CapTableStore(Context.Db).LoadAsync(country, cancellationToken);
                _caps[country] = caps;
            }

            if (caps.CapOn(settings.CapModality, row.Terms.IssueDate) is { } cap && row.Terms.AnnualRateEa > cap.UsuryEa)
            {
                Context.Error(row.Number, AnnualRate, "rate_above_usury_cap", string.Create(CultureInfo.InvariantCulture,
                    $"La tasa {row.Terms.AnnualRateEa} EA supera la tasa de usura vigente el {row.Terms.IssueDate:yyyy-MM-dd} ({cap.UsuryEa} EA, modalidad {cap.Modality}, {country})."));
            }
        }
    }

    private async Task<Dictionary<string, string>> CountriesAsync(IReadOnlyCollection<string> holders, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = Context.Writer.Command(string.Empty);
        command.CommandText = $"SELECT external_id, country FROM debtors WHERE {Context.Writer.InList(command, "external_id", holders)}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    public override async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var debtors = await Context.IdsByExternalIdAsync(
            "debtors", _pending.SelectMany(r => r.CoDebtors.Append(r.Holder)).ToHashSet(StringComparer.Ordinal), cancellationToken);
        await CheckProductLimitsAsync(await CountriesAsync(_pending.Select(r => r.Holder).ToHashSet(StringComparer.Ordinal), cancellationToken), cancellationToken);
        var known = await Context.IdsByExternalIdAsync("obligations", _pending.Select(r => r.Terms.ExternalId).ToList(), cancellationToken);
        var ids = known.Values.ToList();
        var existing = ids.Count == 0
            ? new Dictionary<string, Obligation>(StringComparer.Ordinal)
            : await Context.Db.Obligations.Include(o => o.Parties)
                .Where(o => EF.Parameter(ids).Contains(o.Id))
                .ToDictionaryAsync(o => o.ExternalId, StringComparer.Ordinal, cancellationToken);
        var created = new List<Obligation>();
        foreach (var row in _pending)
        {
            var missing = row.CoDebtors.Where(d => !debtors.ContainsKey(d)).ToList();
            if (missing.Count > 0)
            {
                Context.Error(row.Number, CoDebtors, "unknown_debtor", $"Unknown co-debtor(s): {string.Join(", ", missing)}. Import them as debtors first.");
            }

            if (!debtors.TryGetValue(row.Holder, out var holderId))
            {
                Context.Error(row.Number, DebtorId, "unknown_debtor", $"Debtor '{row.Holder}' does not exist. Import it in the debtors file first.");
                continue;
            }

            if (missing.Count > 0)
            {
                continue;
            }

            if (existing.TryGetValue(row.Terms.ExternalId, out var obligation))
            {
                var differing = obligation.DifferingTerms(row.Terms).ToList();
                if (obligation.DebtorId != holderId)
                {
                    differing.Insert(0, "debtor_id");
                }

                if (!string.Equals(obligation.Branch, row.Terms.Branch, StringComparison.Ordinal))
                {
                    differing.Add("branch");
                }

                if (differing.Count > 0)
                {
                    Context.Error(row.Number, Context.ColumnOf(differing[0], ObligationId), "terms_changed",
                        $"Obligation '{row.Terms.ExternalId}' already exists with different {string.Join(", ", differing)}. Financial terms are changed with an adjustment, not by re-importing.");
                    continue;
                }

                var parties = obligation.Parties.Count;
                foreach (var co in row.CoDebtors)
                {
                    obligation.AddParty(debtors[co], ObligationRole.CoDebtor);
                }

                if (obligation.Parties.Count != parties)
                {
                    Context.Updated++;
                }
                else
                {
                    Context.Unchanged++;
                }

                continue;
            }

            var created1 = Obligation.Create(row.Terms, holderId, Context.Now);
            created1.GenerateSchedule();
            foreach (var co in row.CoDebtors)
            {
                created1.AddParty(debtors[co], ObligationRole.CoDebtor);
            }

            created.Add(created1);
            Context.Inserted++;
        }

        _pending.Clear();
        if (!Context.Failed)
        {
            Write(created);
            await Context.Db.SaveChangesAsync(cancellationToken);
        }

        Context.Db.ChangeTracker.Clear();
    }

    private void Write(List<Obligation> created)
    {
        if (created.Count == 0)
        {
            return;
        }

        var writer = Context.Writer;
        var ids = new long[created.Count];
        using (var sink = writer.Open(BulkTables.Obligations))
        {
            for (var i = 0; i < created.Count; i++)
            {
                ids[i] = writer.NextId("obligations");
                BulkTables.Obligations.Write(sink, (ids[i], created[i]));
            }

            sink.Complete();
        }

        using (var sink = writer.Open(BulkTables.ObligationParties))
        {
            for (var i = 0; i < created.Count; i++)
            {
                foreach (var p in created[i].Parties)
                {
                    BulkTables.ObligationParties.Write(sink, (ids[i], p));
                }
            }

            sink.Complete();
        }

        using (var sink = writer.Open(BulkTables.Installments))
        {
            for (var i = 0; i < created.Count; i++)
            {
                foreach (var inst in created[i].Installments)
                {
                    BulkTables.Installments.Write(sink, new InstallmentRow(ids[i], inst.Number, inst.DueDate, inst.PrincipalMinor, inst.InterestMinor, inst.InsuranceMinor, inst.OtherMinor));
                }
            }

            sink.Complete();
        }

        using (var sink = writer.Open(BulkTables.LedgerEntries))
        {
            for (var i = 0; i < created.Count; i++)
            {
                BulkTables.LedgerEntries.Write(sink, new DisbursementRow(writer.NextId("ledger_entries"), ids[i], created[i], Context.FileName, Context.Actor, Context.Now));
            }

            sink.Complete();
        }
    }
}
