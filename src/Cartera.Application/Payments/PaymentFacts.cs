using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Payments;

/// <summary>A posted payment as a row of a composable query (object initializer, so SQL can still filter and join it).</summary>
public sealed record PostedPaymentRow
{
    public long ObligationId { get; init; }

    public DateOnly ValueDate { get; init; }

    public long AmountMinor { get; init; }

    public string CurrencyCode { get; init; } = string.Empty;
}

/// <summary>A posted payment as other features read it: obligation, value date, amount in minor units, currency.</summary>
public sealed record PostedPayment(long ObligationId, DateOnly ValueDate, long AmountMinor, string CurrencyCode);

/// <summary>A payment as the debtor page lists it: id, obligation, value date, amount (minor units), channel and status.</summary>
public sealed record RecentPayment(long Id, string ExternalId, long ObligationId, DateOnly ValueDate, long AmountMinor, string CurrencyCode, PaymentChannel Channel, PaymentStatus Status);

/// <summary>An installment's unpaid schedule value at the end of a date (minor units of <see cref="CurrencyCode"/>).</summary>
public sealed record UnpaidInstallment(long ObligationId, long DebtorId, int Number, DateOnly DueDate, long UnpaidMinor, string CurrencyCode);

/// <summary>
/// What an obligation owes on a date, as a payment received that day meets it (<see cref="PaymentChecks.Payoff"/>: that
/// day's lines applied, arrears accrued through the day before), in minor units of <see cref="CurrencyCode"/>.
/// <c>Due*</c>: the installments due on or before the date (the ones a payment pays first, RULES §5) — principal,
/// interest, insurance and other charges; arrears interest and fees count every installment. <c>Outstanding*</c>: every
/// installment, due or not. <see cref="DaysPastDue"/> and <see cref="Bucket"/> are the delinquency figures at the end of
/// the date (<see cref="DelinquencyFigures"/>).
/// </summary>
public sealed record AmountDue(
    long ObligationId,
    string CurrencyCode,
    DateOnly Date,
    int DueInstallments,
    long DuePrincipal,
    long DueInterest,
    long DueOther,
    long ArrearsInterest,
    long Fees,
    long OutstandingPrincipal,
    long OutstandingInterest,
    long OutstandingOther,
    long PayoffMinor,
    int DaysPastDue,
    string Bucket)
{
    /// <summary>The installments due: principal + interest + insurance and other charges.</summary>
    public long DueInstallmentsMinor => checked(DuePrincipal + DueInterest + DueOther);

    /// <summary>The amount to pay today: the installments due, the arrears interest to the date and the fees.</summary>
    public long DueTodayMinor => checked(DueInstallmentsMinor + ArrearsInterest + Fees);
}

/// <summary>
/// Payments' public read model for other features (Collection's promises to pay): the posted payments of a set of
/// obligations in a range of value dates (reversed and pending ones excluded), and the payoff amount of obligations on
/// a date, computed exactly as the payment checks compute it (<see cref="PaymentChecks.Payoff"/>), and what each
/// obligation owes on a date with its components (<see cref="AmountsDueAsync"/>, the debtor page). Read-only.
/// </summary>
public sealed class PaymentFacts(CarteraDbContext db)
{
    /// <summary>Ids per query: keeps the <c>IN</c> list of both providers small.</summary>
    private const int Chunk = 1_000;

    /// <summary>The posted (not reversed) payments of <paramref name="obligationIds"/> with value date from
    /// <paramref name="from"/> through <paramref name="through"/>, in (value date, payment_id) order.</summary>
    public async Task<IReadOnlyList<PostedPayment>> PostedAsync(IReadOnlyCollection<long> obligationIds, DateOnly from, DateOnly through, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(obligationIds);
        var result = new List<Row>();
        foreach (var chunk in obligationIds.Distinct().Chunk(Chunk))
        {
            result.AddRange(await Query(chunk, from, through).ToListAsync(ct));
        }

        return Ordered(result);
    }

    /// <summary>The same as <see cref="PostedAsync"/>, synchronously (for an export's row iterator).</summary>
    public IReadOnlyList<PostedPayment> Posted(IReadOnlyCollection<long> obligationIds, DateOnly from, DateOnly through)
    {
        ArgumentNullException.ThrowIfNull(obligationIds);
        var result = new List<Row>();
        foreach (var chunk in obligationIds.Distinct().Chunk(Chunk))
        {
            result.AddRange(Query(chunk, from, through).ToList());
        }

        return Ordered(result);
    }

    /// <summary>
    /// The posted (not reversed) payments with value date from <paramref name="from"/> through <paramref name="through"/>
    /// as a query another feature can join and aggregate in SQL (the KPIs' amount recovered).
    /// </summary>
    public IQueryable<PostedPaymentRow> PostedBetween(DateOnly from, DateOnly through) =>
        db.Payments.AsNoTracking()
            .Where(p => p.Status == PaymentStatus.Posted && p.ReceivedOn >= from && p.ReceivedOn <= through)
            .Select(p => new PostedPaymentRow { ObligationId = p.ObligationId, ValueDate = p.ReceivedOn, AmountMinor = p.AmountMinor, CurrencyCode = p.CurrencyCode });

    private IQueryable<Row> Query(long[] chunk, DateOnly from, DateOnly through) =>
        db.Payments.AsNoTracking()
            .Where(p => chunk.Contains(p.ObligationId) && p.Status == PaymentStatus.Posted && p.ReceivedOn >= from && p.ReceivedOn <= through)
            .Select(p => new Row(new PostedPayment(p.ObligationId, p.ReceivedOn, p.AmountMinor, p.CurrencyCode), p.ExternalId));

    private static List<PostedPayment> Ordered(List<Row> rows) =>
        rows.OrderBy(r => r.Payment.ValueDate).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Payment).ToList();

    private sealed record Row(PostedPayment Payment, string Id);

    /// <summary>
    /// The payoff amount on <paramref name="date"/> of each obligation (everything it owes, due or not, before that day's
    /// accrual), in minor units of its currency, with the currency.
    /// </summary>
    public async Task<IReadOnlyList<(long ObligationId, string CurrencyCode, long PayoffMinor)>> PayoffAsync(IReadOnlyCollection<long> obligationIds, DateOnly date, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(obligationIds);
        var work = new PaymentUnitOfWork(db);
        var result = new List<(long, string, long)>();
        foreach (var id in obligationIds.Distinct().Order())
        {
            var state = await work.LoadAsync(id, ct);
            var (owed, _) = PaymentChecks.Payoff(state, date, await work.RatesAsync(state, ct));
            result.Add((id, state.Obligation.CurrencyCode, owed));
        }

        return result;
    }

    /// <summary>
    /// What each obligation owes on <paramref name="date"/> (<see cref="AmountDue"/>), the payoff amount computed as
    /// <see cref="PaymentChecks.Payoff"/> does. A few queries whatever the number of obligations
    /// (<see cref="DelinquencyFactsLoader.LoadManyAsync"/>, the jurisdiction tables, the holders' countries). In the
    /// order of <paramref name="obligationIds"/>; ids that do not exist are left out.
    /// </summary>
    public async Task<IReadOnlyList<AmountDue>> AmountsDueAsync(IReadOnlyCollection<long> obligationIds, DateOnly date, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(obligationIds);
        var ids = obligationIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var result = new List<AmountDue>(ids.Count);
        foreach (var (obligation, rates) in await LoadWithRatesAsync(ids, ct))
        {
            var capModality = obligation.Settings.CapModality;
            var (payoff, position) = PaymentChecks.PayoffOf(obligation.Facts, capModality, rates, date);
            var figures = DelinquencyFigures.From(PositionCalculator.EndOfDay(obligation.Facts, capModality, rates, date), date, obligation.Settings);
            int count = 0;
            long duePrincipal = 0, dueInterest = 0, dueOther = 0, arrears = 0, fees = 0, principal = 0, interest = 0, other = 0;
            foreach (var i in position.Installments)
            {
                checked
                {
                    var charges = i.Outstanding(LedgerComponent.Insurance) + i.Outstanding(LedgerComponent.Other);
                    principal += i.Outstanding(LedgerComponent.Principal);
                    interest += i.Outstanding(LedgerComponent.Interest);
                    other += charges;
                    arrears += i.Outstanding(LedgerComponent.ArrearsInterest);
                    fees += i.Outstanding(LedgerComponent.Fee);
                    if (i.DueDate <= date && i.TotalOutstanding > 0)
                    {
                        count++;
                        duePrincipal += i.Outstanding(LedgerComponent.Principal);
                        dueInterest += i.Outstanding(LedgerComponent.Interest);
                        dueOther += charges;
                    }
                }
            }

            result.Add(new AmountDue(
                obligation.Facts.ObligationId, obligation.Facts.CurrencyCode, date, count, duePrincipal, dueInterest, dueOther, arrears, fees,
                principal, interest, other, payoff, figures.DaysPastDue, figures.Bucket));
        }

        return result;
    }

    /// <summary>
    /// The installments of <paramref name="obligationIds"/> due on one of <paramref name="dueDates"/> with their unpaid
    /// schedule value (principal, interest, insurance and other charges) at the end of <paramref name="asOf"/>, replayed
    /// from the ledger as the close of that date sees them (<see cref="PositionCalculator.EndOfDay"/>); paid ones are left
    /// out. In (obligation, installment number) order.
    /// </summary>
    public async Task<IReadOnlyList<UnpaidInstallment>> UnpaidInstallmentsAsync(IReadOnlyCollection<long> obligationIds, IReadOnlySet<DateOnly> dueDates, DateOnly asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(obligationIds);
        ArgumentNullException.ThrowIfNull(dueDates);
        var ids = obligationIds.Distinct().Order().ToList();
        var result = new List<UnpaidInstallment>();
        if (ids.Count == 0 || dueDates.Count == 0)
        {
            return result;
        }

        foreach (var (obligation, rates) in await LoadWithRatesAsync(ids, ct))
        {
            var position = PositionCalculator.EndOfDay(obligation.Facts, obligation.Settings.CapModality, rates, asOf);
            foreach (var i in position.Installments.Where(i => dueDates.Contains(i.DueDate)).OrderBy(i => i.Number))
            {
                var unpaid = checked(i.Outstanding(LedgerComponent.Principal) + i.Outstanding(LedgerComponent.Interest)
                    + i.Outstanding(LedgerComponent.Insurance) + i.Outstanding(LedgerComponent.Other));
                if (unpaid > 0)
                {
                    result.Add(new UnpaidInstallment(obligation.Facts.ObligationId, obligation.Facts.DebtorId, i.Number, i.DueDate, unpaid, obligation.Facts.CurrencyCode));
                }
            }
        }

        return result.OrderBy(u => u.ObligationId).ThenBy(u => u.Number).ToList();
    }

    /// <summary>The latest payments of <paramref name="obligationIds"/> (any status), newest value date first.</summary>
    public async Task<IReadOnlyList<RecentPayment>> RecentAsync(IReadOnlyCollection<long> obligationIds, int limit = 20, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(obligationIds);
        var ids = obligationIds.Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Payments.AsNoTracking().Where(p => ids.Contains(p.ObligationId))
                .OrderByDescending(p => p.ReceivedOn).ThenByDescending(p => p.Id).Take(Math.Clamp(limit, 1, 200))
                .Select(p => new RecentPayment(p.Id, p.ExternalId, p.ObligationId, p.ReceivedOn, p.AmountMinor, p.CurrencyCode, p.Channel, p.Status))
                .ToListAsync(ct);
    }

    /// <summary>The obligations' facts (a few queries whatever their number) with the arrears rates of their holder's country.</summary>
    private async Task<IReadOnlyList<(LoadedObligation Obligation, ArrearsRateSource Rates)>> LoadWithRatesAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var loaded = await new DelinquencyFactsLoader(db).LoadManyAsync(ids, ct);
        var debtorIds = loaded.Select(l => l.Facts.DebtorId).Distinct().ToList();
        var countries = await db.Debtors.AsNoTracking().Where(d => debtorIds.Contains(d.Id)).Select(d => new { d.Id, d.Country }).ToDictionaryAsync(d => d.Id, d => d.Country, ct);
        var tables = await JurisdictionTables.LoadAsync(db, ct);
        return loaded.Select(o => (o, tables.Rates(countries[o.Facts.DebtorId]))).ToList();
    }
}
