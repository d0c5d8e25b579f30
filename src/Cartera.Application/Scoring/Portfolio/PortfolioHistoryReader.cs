using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Scoring.Portfolio;

/// <summary>
/// Reads every debtor's <see cref="DebtorHistory"/> on a monthly grid ending at an as-of date, set-based: one ordered
/// query each for obligations, installments, ledger lines and contact attempts (plus products and caps, and the
/// promises and agreements through <see cref="ICommitmentHistory"/>), whatever the
/// number of debtors — never a query per debtor. Each obligation's facts are built once and replayed with
/// <see cref="PositionCalculator.EndOfDay"/> at every grid date (the ledger is the truth; a closed date's snapshot holds
/// the same figures). Cancelled obligations are left out.
/// </summary>
public sealed class PortfolioHistoryReader(CarteraDbContext db, ICommitmentHistory commitments)
{
    /// <summary>Replays of the last read that found no legal cap and used the contract's regular rate for arrears.</summary>
    public int MissingCaps { get; private set; }

    /// <param name="asOf">Grid[0]; only ledger lines with value date on or before it are read.</param>
    /// <param name="gridMonths">How many monthly grid dates (as-of, as-of − 1 month, …).</param>
    public async Task<IReadOnlyList<DebtorHistory>> ReadAsync(DateOnly asOf, int gridMonths, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridMonths, 1);
        var grid = Enumerable.Range(0, gridMonths).Select(k => asOf.AddMonths(-k)).ToArray();
        var obligations = await db.Obligations.AsNoTracking()
            .Where(o => o.Status != ObligationStatus.Cancelled && o.IssueDate <= asOf)
            .OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.DebtorId, o.Kind, o.Product, o.CurrencyCode, o.IssueDate, o.PrincipalMinor, o.ArrearsRateEa, o.AnnualRateEa })
            .ToListAsync(ct);
        var installments = await db.Installments.AsNoTracking()
            .Where(i => db.Obligations.Any(o => o.Id == i.ObligationId && o.Status != ObligationStatus.Cancelled && o.IssueDate <= asOf))
            .OrderBy(i => i.ObligationId).ThenBy(i => i.Number)
            .Select(i => new { i.ObligationId, i.Number, i.DueDate, i.PrincipalMinor, i.InterestMinor, i.InsuranceMinor, i.OtherMinor })
            .ToListAsync(ct);
        var lines = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.ValueDate <= asOf)
            .OrderBy(e => e.ObligationId).ThenBy(e => e.Id)
            .Select(e => new { e.ObligationId, e.Id, e.Kind, e.Component, e.AmountMinor, e.InstallmentNumber, e.ValueDate })
            .ToListAsync(ct);
        var contactFrom = new DateTimeOffset(grid[^1].AddDays(-91).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var contactTo = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var contacts = (await db.ContactAttempts.AsNoTracking()
                .Where(a => a.Allowed && a.At >= contactFrom && a.At < contactTo)
                .Select(a => new { a.DebtorId, a.At, a.Outcome, a.Target })
                .ToListAsync(ct))
            .ToLookup(a => a.DebtorId, a => (DateOnly.FromDateTime(a.At.UtcDateTime), a.Outcome == ContactOutcome.Conversation && a.Target == ContactTarget.Debtor));
        var promised = (await commitments.ReadAsync(db, asOf, ct)).ToLookup(c => c.DebtorId);
        var products = await new ProductCatalog(db).ForCodesAsync(obligations.Select(o => o.Product).Distinct(), ct);
        var tables = await JurisdictionTables.LoadAsync(db, ct);
        var countries = await db.Debtors.AsNoTracking()
            .Where(d => db.Obligations.Any(o => o.DebtorId == d.Id && o.Status != ObligationStatus.Cancelled && o.IssueDate <= asOf))
            .Select(d => new { d.Id, d.Country })
            .ToDictionaryAsync(d => d.Id, d => d.Country, ct);

        var builders = new Dictionary<long, Builder>();
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

            if (!builders.TryGetValue(o.DebtorId, out var builder))
            {
                builder = new Builder(o.DebtorId, grid, Currency.TryOf(o.CurrencyCode.Trim(), out var currency) ? currency.MinorUnits : 2);
                builders.Add(o.DebtorId, builder);
            }

            var schedule = new List<ScheduledInstallment>();
            for (; i < installments.Count && installments[i].ObligationId == o.Id; i++)
            {
                var r = installments[i];
                schedule.Add(new ScheduledInstallment(r.Number, r.DueDate, r.PrincipalMinor, r.InterestMinor, r.InsuranceMinor, r.OtherMinor));
                builder.Dues.Add(new DatedAmount(r.DueDate, r.PrincipalMinor + r.InterestMinor + r.InsuranceMinor + r.OtherMinor));
            }

            var movements = new List<Movement>();
            for (; l < lines.Count && lines[l].ObligationId == o.Id; l++)
            {
                var r = lines[l];
                if (LedgerMovements.From(r.Id, r.Kind, r.Component, r.AmountMinor, r.InstallmentNumber, r.ValueDate) is { } m)
                {
                    movements.Add(m);
                }

                if (IsMoneyReceived(r.Kind, r.Component, r.InstallmentNumber))
                {
                    builder.Payments.Add(new DatedAmount(r.ValueDate, -r.AmountMinor));
                }
            }

            builder.Obligations.Add(new ObligationSummary(o.Id, o.Kind, o.IssueDate, o.PrincipalMinor));
            var settings = products[o.Product];
            var facts = new ObligationFacts(o.Id, o.DebtorId, o.CurrencyCode.Trim(), o.Kind, o.ArrearsRateEa, schedule, movements);
            var rates = tables.Rates(countries[o.DebtorId]); // the obligation's jurisdiction: its holder's country
            for (var k = 0; k < grid.Length; k++)
            {
                if (o.IssueDate > grid[k])
                {
                    break; // grid dates go back in time: earlier ones are before the issue as well
                }

                ObligationPosition position;
                try
                {
                    position = PositionCalculator.EndOfDay(facts, settings.CapModality, rates, grid[k]);
                }
                catch (DomainException e) when (e.Code == "no_cap")
                {
                    // The cap table has no row for a day of this history and the contract leaves the arrears rate to the
                    // legal maximum: the features use the contract's regular rate instead of failing (close-of-day refuses
                    // such a date; a feature only needs the order of magnitude of the arrears).
                    facts = facts with { ContractArrearsEa = o.AnnualRateEa };
                    position = PositionCalculator.EndOfDay(facts, settings.CapModality, rates, grid[k]);
                    MissingCaps++;
                }

                var figures = DelinquencyFigures.From(position, grid[k], settings);
                builder.MaxDpd[k] = Math.Max(builder.MaxDpd[k], figures.DaysPastDue);
                builder.TotalDue[k] += figures.TotalDue;
                builder.OverdueScheduled[k] += figures.OverduePrincipal + figures.OverdueInterest + figures.OverdueInsurance + figures.OverdueOther;
                builder.Outstanding[k] += figures.OutstandingPrincipal;
                if (figures.OutstandingPrincipal > 0 || figures.TotalDue > 0)
                {
                    builder.Live[k]++;
                }
            }
        }

        return builders.Values.OrderBy(b => b.DebtorId).Select(b => b.Build(contacts[b.DebtorId], promised[b.DebtorId])).ToList();
    }

    /// <summary>
    /// Money received: payment lines (every component, the credit balance too) and the reversals that undo them — not the
    /// reversal of a fee charge (negative, on the fee) nor of a disbursement (principal without installment).
    /// </summary>
    public static bool IsMoneyReceived(LedgerEntryKind kind, LedgerComponent component, int? installmentNumber) =>
        kind == LedgerEntryKind.Payment
        || (kind == LedgerEntryKind.Reversal && component != LedgerComponent.Fee && !(component == LedgerComponent.Principal && installmentNumber is null));

    private sealed class Builder(long debtorId, DateOnly[] grid, int minorDigits)
    {
        public long DebtorId { get; } = debtorId;

        public int[] MaxDpd { get; } = new int[grid.Length];

        public long[] TotalDue { get; } = new long[grid.Length];

        public long[] Outstanding { get; } = new long[grid.Length];

        public long[] OverdueScheduled { get; } = new long[grid.Length];

        public int[] Live { get; } = new int[grid.Length];

        public List<ObligationSummary> Obligations { get; } = [];

        public List<DatedAmount> Dues { get; } = [];

        public List<DatedAmount> Payments { get; } = [];

        public DebtorHistory Build(IEnumerable<(DateOnly, bool)> contacts, IEnumerable<CommitmentFact> commitments) => new()
        {
            DebtorId = DebtorId,
            Grid = grid,
            MaxDpd = MaxDpd,
            TotalDue = TotalDue,
            OutstandingPrincipal = Outstanding,
            OverdueScheduled = OverdueScheduled,
            LiveObligations = Live,
            Obligations = Obligations,
            Dues = Dues,
            Payments = Payments,
            Contacts = contacts.ToList(),
            Commitments = commitments.ToList(),
            MinorDigits = minorDigits,
        };
    }
}
