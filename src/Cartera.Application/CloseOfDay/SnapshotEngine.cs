using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// Steps 4–7 of the close-of-day for one set of obligations (a partition, or the debtors a recompute touches) on one
/// date: reads their obligations, installments and ledger lines in bulk (three ordered queries, whatever the number of
/// obligations, read with ordinal access), replays each obligation with <see cref="PositionCalculator.EndOfDay"/>, takes
/// <see cref="DelinquencyFigures"/>, the own category, then arrastre across each debtor, provision, IFRS 9 stage and the
/// write-off proposal. Cancelled obligations are left out; paid-off ones get a snapshot of zeros. Reading
/// (<see cref="ReadAsync"/>) and computing (<see cref="Compute"/>) are separate so the runner can read the next partition
/// while it computes this one.
/// </summary>
internal sealed class SnapshotEngine(JurisdictionTables jurisdictions, IReadOnlyDictionary<string, ProductSettings> products)
{
    /// <summary>Ledger kinds the ledger→movement mapping ignores: not read at all.</summary>
    private static readonly string IgnoredKinds = string.Join(", ", LedgerMovements.IgnoredKinds.Select(kind => "'" + EnumCodes.ToCode(kind) + "'"));

    private static readonly string Cancelled = "'" + EnumCodes.ToCode(ObligationStatus.Cancelled) + "'";

    private static readonly string PaidOff = EnumCodes.ToCode(ObligationStatus.PaidOff);

    private readonly SortedSet<MissingCapMonth> _missing = new(MissingCapMonth.Order);

    /// <summary>The (modality, month) pairs whose arrears this engine computed with a cap carried forward, in order.</summary>
    public IReadOnlyCollection<MissingCapMonth> MissingCapMonths => _missing;

    /// <summary>
    /// The engine of one date: the cap and classification tables of every jurisdiction and the settings of every product
    /// the portfolio uses.
    /// </summary>
    public static async Task<SnapshotEngine> LoadAsync(CarteraDbContext db, CancellationToken cancellationToken, JurisdictionTables? tables = null)
    {
        var jurisdictions = tables ?? await JurisdictionTables.LoadAsync(db, cancellationToken);
        var codes = await db.Obligations.AsNoTracking().Select(o => o.Product).Distinct().ToListAsync(cancellationToken);
        return new SnapshotEngine(jurisdictions, await new ProductCatalog(db).ForCodesAsync(codes, cancellationToken));
    }

    public async Task<List<DelinquencySnapshot>> ComputeAsync(CarteraDbContext db, DateOnly date, ObligationFilter filter, CancellationToken cancellationToken) =>
        Compute(date, await ReadAsync(db, date, filter, cancellationToken));

    /// <summary>
    /// The obligations of the filter with their schedules and ledger lines through the date, each stream ordered by
    /// obligation id, then installment number or ledger id (the order the merge needs). The schedules and lines are read
    /// by the obligations' ids (one array or JSON parameter): primary-key and (obligation_id, value_date) index seeks,
    /// whatever the size of the tables — a join would let the planner scan the whole table once per partition.
    /// </summary>
    public static async Task<PartitionData> ReadAsync(CarteraDbContext db, DateOnly date, ObligationFilter filter, CancellationToken cancellationToken)
    {
        var postgres = db.IsPostgres;
        var p1 = new List<object>();
        var obligations = new List<ObligationRow>();
        await using (var reader = await db.ReaderAsync(
            $"""
            SELECT o.id, o.debtor_id, o.currency, o.kind, o.arrears_rate_ea, o.product, o.status, d.country, o.carried_category
            FROM obligations o JOIN debtors d ON d.id = o.debtor_id
            WHERE {filter.Condition(p1, postgres)} AND o.status <> {Cancelled}
            ORDER BY o.id
            """, p1, cancellationToken))
        {
            var r = reader.DbDataReader;
            while (await r.ReadAsync(cancellationToken))
            {
                obligations.Add(new ObligationRow(
                    r.GetInt64(0), r.GetInt64(1), r.GetString(2).Trim(), r.GetString(3), r.IsDBNull(4) ? null : r.GetDecimal(4), r.GetString(5), r.GetString(6), r.GetString(7).Trim(), r.IsDBNull(8) ? null : r.GetString(8)));
            }
        }

        var ids = new ObligationIds(obligations.ConvertAll(o => o.Id));
        var p2 = new List<object>();
        var installments = new List<InstallmentRow>(obligations.Count * 12);
        await using (var reader = await db.ReaderAsync(
            $"""
            SELECT i.obligation_id, i.number, {RawQuery.DayNumber("i.due_date", postgres)}, i.principal_minor, i.interest_minor, i.insurance_minor, i.other_minor
            FROM installments i
            WHERE {ids.Condition("i.obligation_id", p2, postgres)}
            ORDER BY i.obligation_id, i.number
            """, p2, cancellationToken))
        {
            var r = reader.DbDataReader;
            while (await r.ReadAsync(cancellationToken))
            {
                installments.Add(new InstallmentRow(r.GetInt64(0), r.GetInt32(1), r.Date(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6)));
            }
        }

        var p3 = new List<object>();
        var lines = new List<Movement>(obligations.Count * 4);
        var lineObligations = new List<long>(obligations.Count * 4);
        var condition = ids.Condition("e.obligation_id", p3, postgres);
        p3.Add(date);
        var datePlaceholder = "{" + (p3.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
        await using (var reader = await db.ReaderAsync(
            $"""
            SELECT e.obligation_id, e.id, e.kind, e.component, e.amount_minor, e.installment_number, {RawQuery.DayNumber("e.value_date", postgres)}
            FROM ledger_entries e
            WHERE {condition} AND e.value_date <= {datePlaceholder} AND e.kind NOT IN ({IgnoredKinds})
            ORDER BY e.obligation_id, e.id
            """, p3, cancellationToken))
        {
            var r = reader.DbDataReader;
            while (await r.ReadAsync(cancellationToken))
            {
                var movement = LedgerMovements.From(
                    r.GetInt64(1), EnumCodes.Parse<LedgerEntryKind>(r.GetString(2)), EnumCodes.Parse<LedgerComponent>(r.GetString(3)), r.GetInt64(4), r.IsDBNull(5) ? null : r.GetInt32(5), r.Date(6));
                if (movement is { } m)
                {
                    lines.Add(m);
                    lineObligations.Add(r.GetInt64(0));
                }
            }
        }

        return new PartitionData(obligations, installments, lines, lineObligations);
    }

    /// <summary>The in-memory half: the three streams (in the same obligation order) merged, then arrastre per debtor.</summary>
    public List<DelinquencySnapshot> Compute(DateOnly date, PartitionData data)
    {
        var snapshots = new List<DelinquencySnapshot>(data.Obligations.Count);
        int i = 0, l = 0;
        foreach (var o in data.Obligations)
        {
            var schedule = new List<ScheduledInstallment>();
            for (; i < data.Installments.Count && data.Installments[i].ObligationId == o.Id; i++)
            {
                var r = data.Installments[i];
                schedule.Add(new ScheduledInstallment(r.Number, r.DueDate, r.Principal, r.Interest, r.Insurance, r.Other));
            }

            var from = l;
            while (l < data.Lines.Count && data.LineObligations[l] == o.Id)
            {
                l++;
            }

            snapshots.Add(Snapshot(date, o, schedule, data.Lines.GetRange(from, l - from)));
        }

        ApplyArrastre(snapshots);
        return snapshots;
    }

    private DelinquencySnapshot Snapshot(DateOnly date, ObligationRow o, List<ScheduledInstallment> schedule, List<Movement> movements)
    {
        var settings = products[o.Product];
        var snapshot = new DelinquencySnapshot
        {
            ObligationId = o.Id,
            BusinessDate = date,
            DebtorId = o.DebtorId,
            Product = o.Product,
            CurrencyCode = o.Currency,
        };
        var table = jurisdictions.ClassificationFor(o.Jurisdiction, settings.Classification);
        if (o.Status == PaidOff)
        {
            // Paid off: listed with zeros (RULES §2), category A, outside arrastre.
            snapshot.Bucket = AgingBuckets.LabelFor(settings.Buckets, 0);
            snapshot.OwnCategory = snapshot.Classification = table.CategoryFor(0);
            snapshot.Ifrs9Stage = Ifrs9.Stage(0);
            return snapshot;
        }

        var facts = new ObligationFacts(o.Id, o.DebtorId, snapshot.CurrencyCode, EnumCodes.Parse<ObligationKind>(o.Kind), o.ArrearsRateEa, schedule, movements);
        ObligationPosition position;
        try
        {
            position = PositionCalculator.EndOfDay(facts, settings.CapModality, jurisdictions.Rates(o.Jurisdiction), date);
        }
        catch (DomainException e)
        {
            throw new DomainException(e.Code, $"Obligation {o.Id} on {date:yyyy-MM-dd}: {e.Message}", e.Field);
        }

        var figures = DelinquencyFigures.From(position, date, settings);
        if (position.CapAssumed)
        {
            snapshot.CapAssumed = true;
            foreach (var month in position.CapAssumedMonths)
            {
                _missing.Add(new MissingCapMonth(settings.CapModality, month));
            }
        }

        snapshot.Dpd = figures.DaysPastDue;
        snapshot.Bucket = figures.Bucket;
        snapshot.OldestUnpaidDueDate = figures.OldestUnpaidDueDate;
        snapshot.OverduePrincipalMinor = figures.OverduePrincipal;
        snapshot.OverdueInterestMinor = figures.OverdueInterest;
        snapshot.OverdueInsuranceMinor = figures.OverdueInsurance;
        snapshot.OverdueOtherMinor = figures.OverdueOther;
        snapshot.ArrearsInterestMinor = figures.ArrearsInterest;
        snapshot.ArrearsAccruedTodayMinor = position.ArrearsOnLastDay;
        snapshot.FeesMinor = figures.Fees;
        snapshot.TotalDueMinor = figures.TotalDue;
        snapshot.OutstandingPrincipalMinor = figures.OutstandingPrincipal;
        snapshot.CreditBalanceMinor = figures.CreditBalance;
        snapshot.OwnCategory = RestructuredClassification.Apply(table.CategoryFor(figures.DaysPastDue), o.CarriedCategory, facts, settings.CapModality, jurisdictions.Rates(o.Jurisdiction), date);
        snapshot.Ifrs9Stage = Ifrs9.Stage(figures.DaysPastDue);
        snapshot.WriteOffProposed = figures.DaysPastDue >= settings.WriteOffDpd;

        // Exposure kept on the provision field until arrastre decides the category.
        snapshot.ProvisionMinor = figures.Exposure;
        return snapshot;
    }

    /// <summary>Arrastre over the debtors of the set (all their obligations are in it), then the provision of the final category.</summary>
    private void ApplyArrastre(List<DelinquencySnapshot> snapshots)
    {
        var live = snapshots.Where(s => s.Classification.Length == 0).ToList();
        var categories = Arrastre.Apply(live.Select(s => new OwnCategory(s.ObligationId, s.DebtorId, products[s.Product].Classification, s.OwnCategory)));
        foreach (var s in live)
        {
            s.Classification = categories[s.ObligationId];
            s.ProvisionMinor = ProvisionMatrix.Provision(s.ProvisionMinor, s.Classification, products[s.Product].ProvisionByCategory);
        }
    }

    /// <summary>An obligation as read; <see cref="Jurisdiction"/> is its holder's country, which picks the cap and classification tables;
    /// <see cref="CarriedCategory"/> is an agreement obligation's floor (<see cref="RestructuredClassification"/>).</summary>
    internal readonly record struct ObligationRow(long Id, long DebtorId, string Currency, string Kind, decimal? ArrearsRateEa, string Product, string Status, string Jurisdiction, string? CarriedCategory = null);

    internal readonly record struct InstallmentRow(long ObligationId, int Number, DateOnly DueDate, long Principal, long Interest, long Insurance, long Other);

    /// <summary>One partition's rows as read; <see cref="LineObligations"/>[k] is the obligation of <see cref="Lines"/>[k].</summary>
    internal sealed record PartitionData(List<ObligationRow> Obligations, List<InstallmentRow> Installments, List<Movement> Lines, List<long> LineObligations);
}
