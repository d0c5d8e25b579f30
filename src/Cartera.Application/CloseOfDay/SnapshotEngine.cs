using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// Steps 4–7 of the close-of-day for one set of obligations (a partition, or the debtors a recompute touches) on one
/// date: reads their installments and ledger lines in bulk (three ordered queries, whatever the number of
/// obligations), replays each obligation with <see cref="PositionCalculator.EndOfDay"/>, takes
/// <see cref="DelinquencyFigures"/>, the own category, then arrastre across each debtor, provision, IFRS 9 stage and the
/// write-off proposal. Cancelled obligations are left out; paid-off ones get a snapshot of zeros.
/// </summary>
internal sealed class SnapshotEngine(CarteraDbContext db, CapTable caps, IReadOnlyDictionary<string, ProductSettings> products)
{
    /// <summary>Ledger kinds the ledger→movement mapping ignores: not read at all.</summary>
    private static readonly string IgnoredKinds = string.Join(", ", LedgerMovements.IgnoredKinds.Select(kind => "'" + EnumCodes.ToCode(kind) + "'"));

    private static readonly string Cancelled = "'" + EnumCodes.ToCode(ObligationStatus.Cancelled) + "'";

    private readonly ArrearsRateSource _rates = new(caps);

    public async Task<List<DelinquencySnapshot>> ComputeAsync(DateOnly date, ObligationFilter filter, CancellationToken cancellationToken)
    {
        var postgres = db.IsPostgres;
        var p1 = new List<object>();
        var obligationsSql = $"""
            SELECT o.id AS "Id", o.debtor_id AS "DebtorId", o.currency AS "Currency", o.kind AS "Kind",
                   o.arrears_rate_ea AS "ArrearsRateEa", o.product AS "Product", o.status AS "Status"
            FROM obligations o WHERE {filter.Condition(p1, postgres)} AND o.status <> {Cancelled}
            ORDER BY o.id
            """;
        var obligations = await db.Database.SqlQueryRaw<ObligationRow>(obligationsSql, [.. p1]).ToListAsync(cancellationToken);

        // The schedule and ledger of exactly those obligations, by their ids (primary-key and (obligation_id, value_date)
        // index seeks, whatever the table sizes).
        var ids = new ObligationIds(obligations.Select(o => o.Id).ToList());
        var p2 = new List<object>();
        var installmentsSql = $"""
            SELECT i.obligation_id AS "ObligationId", i.number AS "Number", i.due_date AS "DueDate",
                   i.principal_minor AS "Principal", i.interest_minor AS "Interest", i.insurance_minor AS "Insurance", i.other_minor AS "Other"
            FROM installments i
            WHERE {ids.Condition("i.obligation_id", p2, postgres)}
            ORDER BY i.obligation_id, i.number
            """;
        var installments = await db.Database.SqlQueryRaw<InstallmentRow>(installmentsSql, [.. p2]).ToListAsync(cancellationToken);

        var p3 = new List<object>();
        var linesSql = $"""
            SELECT e.obligation_id AS "ObligationId", e.id AS "Id", e.kind AS "Kind", e.component AS "Component",
                   e.amount_minor AS "AmountMinor", e.installment_number AS "InstallmentNumber", e.value_date AS "ValueDate"
            FROM ledger_entries e
            WHERE {ids.Condition("e.obligation_id", p3, postgres)}
              AND e.value_date <= {Placeholder(p3, date)} AND e.kind NOT IN ({IgnoredKinds})
            ORDER BY e.obligation_id, e.id
            """;
        var lines = await db.Database.SqlQueryRaw<LedgerRow>(linesSql, [.. p3]).ToListAsync(cancellationToken);

        return Compute(date, obligations, installments, lines);
    }

    private static string Placeholder(List<object> parameters, object value)
    {
        parameters.Add(value);
        return "{" + (parameters.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
    }

    /// <summary>The in-memory half: the three ordered streams merged by obligation id, then arrastre per debtor.</summary>
    internal List<DelinquencySnapshot> Compute(DateOnly date, List<ObligationRow> obligations, List<InstallmentRow> installments, List<LedgerRow> lines)
    {
        var snapshots = new List<DelinquencySnapshot>(obligations.Count);
        int i = 0, l = 0;
        foreach (var o in obligations)
        {
            while (i < installments.Count && installments[i].ObligationId < o.Id)
            {
                i++;
            }

            while (l < lines.Count && lines[l].ObligationId < o.Id)
            {
                l++;
            }

            var schedule = new List<ScheduledInstallment>();
            for (; i < installments.Count && installments[i].ObligationId == o.Id; i++)
            {
                var r = installments[i];
                schedule.Add(new ScheduledInstallment(r.Number, r.DueDate, r.Principal, r.Interest, r.Insurance, r.Other));
            }

            var movements = new List<Movement>();
            for (; l < lines.Count && lines[l].ObligationId == o.Id; l++)
            {
                var r = lines[l];
                if (LedgerMovements.From(r.Id, EnumCodes.Parse<LedgerEntryKind>(r.Kind), EnumCodes.Parse<LedgerComponent>(r.Component), r.AmountMinor, r.InstallmentNumber, r.ValueDate) is { } m)
                {
                    movements.Add(m);
                }
            }

            snapshots.Add(Snapshot(date, o, schedule, movements));
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
            CurrencyCode = o.Currency.Trim(),
        };
        var table = ClassificationTable.Colombia[settings.Classification];
        if (o.Status == EnumCodes.ToCode(ObligationStatus.PaidOff))
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
            position = PositionCalculator.EndOfDay(facts, settings.CapModality, _rates, date, explain: true);
        }
        catch (DomainException e)
        {
            throw new DomainException(e.Code, $"Obligation {o.Id} on {date:yyyy-MM-dd}: {e.Message}", e.Field);
        }

        var figures = DelinquencyFigures.From(position, date, settings);
        long today = 0;
        foreach (var segment in position.Segments)
        {
            if (segment.From <= date && date <= segment.To)
            {
                today += segment.PerDay;
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
        snapshot.ArrearsAccruedTodayMinor = today;
        snapshot.FeesMinor = figures.Fees;
        snapshot.TotalDueMinor = figures.TotalDue;
        snapshot.OutstandingPrincipalMinor = figures.OutstandingPrincipal;
        snapshot.CreditBalanceMinor = figures.CreditBalance;
        snapshot.OwnCategory = table.CategoryFor(figures.DaysPastDue);
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

    internal sealed class ObligationRow
    {
        public long Id { get; set; }

        public long DebtorId { get; set; }

        public string Currency { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public decimal? ArrearsRateEa { get; set; }

        public string Product { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;
    }

    internal sealed class InstallmentRow
    {
        public long ObligationId { get; set; }

        public int Number { get; set; }

        public DateOnly DueDate { get; set; }

        public long Principal { get; set; }

        public long Interest { get; set; }

        public long Insurance { get; set; }

        public long Other { get; set; }
    }

    internal sealed class LedgerRow
    {
        public long ObligationId { get; set; }

        public long Id { get; set; }

        public string Kind { get; set; } = string.Empty;

        public string Component { get; set; } = string.Empty;

        public long AmountMinor { get; set; }

        public int? InstallmentNumber { get; set; }

        public DateOnly ValueDate { get; set; }
    }
}
