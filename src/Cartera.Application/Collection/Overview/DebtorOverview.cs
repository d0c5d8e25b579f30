using Cartera.Application.Collection.Activities;
using Cartera.Application.Collection.Agreements;
using Cartera.Application.Collection.Assignments;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Data;
using Cartera.Application.Payments;
using Cartera.Application.Portfolio;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Compliance;

namespace Cartera.Application.Collection.Overview;

/// <summary>One obligation of the debtor 360: its terms and schedule (Portfolio) and what it owes on the date (Payments).</summary>
public sealed record ObligationOverview(ObligationWithSchedule Obligation, AmountDue Due);

/// <summary>The debtor's totals in one currency (minor units): overdue (installments due and unpaid, arrears, fees),
/// the amount to pay today and the payoff amount.</summary>
public sealed record CurrencyTotals(string CurrencyCode, long DueTodayMinor, long PayoffMinor);

/// <summary>A default cause the debtor gave, how many activities recorded it and the latest one.</summary>
public sealed record DefaultCauseSeen(DefaultCause Cause, int Times, DateTimeOffset LastAt);

/// <summary>
/// Everything a collector needs before a call (seed 000; issue 13 item 3), for one debtor on one date: every
/// obligation with its balances and the amount to pay today explained, its schedule, the recent payments, the previous
/// promises and agreements with their outcome, the gate's answer per contact point, co-debtors and guarantors,
/// collateral and insurance, the causes of default and the notes, and the summary (amount to pay today per currency,
/// the worst days past due and its bucket, the assigned collectors). The score comes from Scoring, read beside it.
/// </summary>
public sealed record DebtorOverview(
    long DebtorId,
    DateOnly Date,
    IReadOnlyList<ObligationOverview> Obligations,
    IReadOnlyList<CurrencyTotals> Totals,
    int DaysPastDue,
    string? Bucket,
    IReadOnlyList<AssignmentView> Assignees,
    IReadOnlyList<RecentPayment> Payments,
    IReadOnlyList<PromiseView> Promises,
    IReadOnlyList<PaymentAgreement> Agreements,
    IReadOnlyList<ContactPointAnswer> Contacts,
    IReadOnlyList<ObligationPartyView> Parties,
    IReadOnlyList<CollateralView> Collateral,
    IReadOnlyList<InsuranceView> Insurance,
    IReadOnlyList<DefaultCauseSeen> DefaultCauses,
    IReadOnlyList<ActivityView> Notes);

/// <summary>
/// Builds the <see cref="DebtorOverview"/> from each owner's public read types — Portfolio (<see cref="DebtorPortfolio"/>),
/// Payments (<see cref="PaymentFacts.AmountsDueAsync"/>, <see cref="PaymentFacts.RecentAsync"/>), Collection's promises,
/// agreements, assignments and activities, and the compliance gate through <see cref="ContactAvailability"/>; it
/// computes nothing they compute. A fixed number of queries whatever the number of obligations (the gate's preview is
/// one per kind of contact). The caller checks object-level access first.
/// </summary>
public sealed class DebtorOverviewQueries(
    CarteraDbContext db,
    ActivityLog activities,
    ContactAvailability availability,
    PaymentAgreements agreements,
    PromiseService promises,
    AssignmentService assignments)
{
    /// <summary>The debtor's overview on <paramref name="date"/>; the gate's answers for <paramref name="actor"/>
    /// (none when null: a user who may not contact debtors).</summary>
    public async Task<DebtorOverview> ForDebtorAsync(long debtorId, DateOnly date, ContactActor? actor, CancellationToken ct = default)
    {
        var portfolio = new DebtorPortfolio(db);
        var payments = new PaymentFacts(db);
        var obligations = await portfolio.ObligationsAsync(debtorId, ct);
        var ids = obligations.Select(o => o.Id).ToList();
        var due = (await payments.AmountsDueAsync(ids, date, ct)).ToDictionary(d => d.ObligationId);
        var rows = obligations.Where(o => due.ContainsKey(o.Id)).Select(o => new ObligationOverview(o, due[o.Id])).ToList();
        var totals = rows.GroupBy(r => r.Due.CurrencyCode, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotals(g.Key, PaymentChecks.Sum(g.Select(r => r.Due.DueTodayMinor)), PaymentChecks.Sum(g.Select(r => r.Due.PayoffMinor))))
            .ToList();
        var worst = rows.Select(r => r.Due).OrderByDescending(d => d.DaysPastDue).FirstOrDefault();

        var timeline = await activities.TimelineAsync(debtorId, 1000, ct);
        var causes = timeline.Where(a => a.DefaultCause is not null)
            .GroupBy(a => a.DefaultCause!.Value)
            .Select(g => new DefaultCauseSeen(g.Key, g.Count(), g.Max(a => a.At)))
            .OrderByDescending(c => c.LastAt).ThenBy(c => c.Cause)
            .ToList();
        var notes = timeline.Where(a => a.Kind == ActivityKind.Note).ToList();

        return new DebtorOverview(
            debtorId,
            date,
            rows,
            totals,
            worst?.DaysPastDue ?? 0,
            worst?.Bucket,
            (await assignments.HistoryAsync(debtorId, ct)).Where(a => a.Active).ToList(),
            await payments.RecentAsync(ids, 20, ct),
            await promises.ListByDebtorAsync(debtorId, ct),
            await agreements.ForDebtorAsync(debtorId, ct),
            actor is null ? [] : await availability.ForDebtorAsync(debtorId, actor, ct),
            await portfolio.PartiesAsync(ids, ct),
            await portfolio.CollateralAsync(ids, ct),
            await portfolio.InsuranceAsync(ids, ct),
            causes,
            notes);
    }
}
