using Cartera.Domain.Common;
using Cartera.Domain.Obligations;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Import;

/// <summary>
/// obligations: a new obligation is bulk-written with its co-debtors, its generated schedule (RULES §1) and its
/// disbursement ledger entry. An existing one (same obligation_id) must carry the same financial terms; a difference
/// is the error <c>terms_changed</c> (changing terms takes an adjustment). Missing co-debtors are added.
/// </summary>
internal sealed class ObligationImporter(ImportContext context) : KindImporter(context)
{
    private const int ObligationId = 0, DebtorId = 1, Kind = 2, Product = 3, CurrencyCol = 4, IssueDate = 5, Principal = 6,
        AnnualRate = 7, ArrearsRate = 8, Term = 9, Frequency = 10, AmortizationCol = 11, FirstDueDate = 12, Branch = 13, CoDebtors = 14;

    private readonly Dictionary<string, long> _seenIds = new(StringComparer.Ordinal);
    private readonly List<Row> _pending = [];

    private sealed record Row(long Number, string Holder, string[] CoDebtors, ObligationTerms Terms);

    public override IReadOnlyList<string> IdTables => ["obligations", "ledger_entries"];

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

        if (cells.RowFailed)
        {
            return;
        }

        var terms = new ObligationTerms(externalId!, kind!.Value, product!, principal!.Value, issueDate!.Value, rate!.Value, arrears,
            term!.Value, frequency!.Value, amortization!.Value, firstDue!.Value, branch);
        try
        {
            terms.Validate();
            _pending.Add(new Row(cells.Row, holder!, coDebtors, terms));
        }
        catch (DomainException e)
        {
            cells.Error(e, ObligationId);
        }
    }

    public override async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var debtors = await Context.IdsByExternalIdAsync(
            "debtors", _pending.SelectMany(r => r.CoDebtors.Append(r.Holder)).ToHashSet(StringComparer.Ordinal), cancellationToken);
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
                var o = created[i];
                ids[i] = writer.NextId("obligations");
                sink.Long(ids[i]);
                sink.Text(o.ExternalId);
                sink.Long(o.DebtorId);
                sink.Text(EnumCodes.ToCode(o.Kind));
                sink.Text(o.Product);
                sink.Text(o.CurrencyCode);
                sink.Date(o.IssueDate);
                sink.Long(o.PrincipalMinor);
                sink.Rate(o.AnnualRateEa);
                sink.Rate(o.ArrearsRateEa);
                sink.Int(o.Term);
                sink.Text(EnumCodes.ToCode(o.Frequency));
                sink.Text(EnumCodes.ToCode(o.Amortization));
                sink.Date(o.FirstDueDate);
                sink.Text(o.Branch);
                sink.Text(EnumCodes.ToCode(o.Status));
                sink.Text(EnumCodes.ToCode(o.ScheduleSource));
                sink.Instant(o.CreatedAt);
                sink.EndRow();
            }

            sink.Complete();
        }

        using (var sink = writer.Open(BulkTables.ObligationParties))
        {
            for (var i = 0; i < created.Count; i++)
            {
                foreach (var p in created[i].Parties)
                {
                    sink.Long(ids[i]);
                    sink.Long(p.DebtorId);
                    sink.Text(EnumCodes.ToCode(p.Role));
                    sink.EndRow();
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
                    InstallmentImporter.WriteInstallment(sink, ids[i], inst.Number, inst.DueDate, inst.PrincipalMinor, inst.InterestMinor, inst.InsuranceMinor, inst.OtherMinor);
                }
            }

            sink.Complete();
        }

        using (var sink = writer.Open(BulkTables.LedgerEntries))
        {
            for (var i = 0; i < created.Count; i++)
            {
                var o = created[i];
                sink.Long(writer.NextId("ledger_entries"));
                sink.Long(ids[i]);
                sink.Date(o.IssueDate);
                sink.Date(o.IssueDate);
                sink.Text(EnumCodes.ToCode(LedgerEntryKind.Disbursement));
                sink.Text(EnumCodes.ToCode(LedgerComponent.Principal));
                sink.Long(o.PrincipalMinor);
                sink.Text(o.CurrencyCode);
                sink.Text("import:disbursement:" + o.ExternalId);
                sink.Text("Disbursement (import " + Context.FileName + ")");
                sink.Text(Context.Actor);
                sink.Instant(Context.Now);
                sink.EndRow();
            }

            sink.Complete();
        }
    }
}
