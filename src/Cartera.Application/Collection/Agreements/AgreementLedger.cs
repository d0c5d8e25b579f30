using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Application.Portfolio;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Agreements;

/// <summary>What <see cref="AgreementLedger.SettleDownPaymentAsync"/> did.</summary>
public enum DownPaymentOutcome
{
    Waiting,
    Booked,
    Lapsed,
}

/// <summary>
/// What an agreement books and un-books (RULES §14; docs/user/collection.md, Agreements), in three moments.
/// <see cref="ApproveAsync"/>, on approval: on each original the concession and not-yet-due lines of
/// <see cref="AgreementBooking"/> (value date A, ahead of a down payment posted that day), so the originals owe the
/// agreed balance B, on which the down payment is posted as an ordinary payment. <see cref="BookAsync"/>, once the
/// down payment is posted — the originals owe at most F (close-of-day, <see cref="AgreementsStep"/>; at approval when
/// there is none): what they still owe moves to the new obligation of kind <c>agreement</c> (external id
/// <c>ACUERDO-{id}</c>, the first original's product, the agreed installments, principal F — less any excess paid over
/// the down payment, taken off the last installments — and the worst category of the originals on A as its floor), the
/// originals close as restructured (Portfolio) and the agreement is <c>active</c>.
/// <see cref="BreakAsync"/>: an active agreement broken, with the forgiven lines undone when it says so and the
/// originals active again; an approved one whose down payment never came, with every approval line undone. The ledger
/// is only appended to (through Payments' <see cref="LedgerAdjustments"/>); each step runs in the caller's transaction
/// and is audited by SaveChanges; a second call finds the agreement past the status it needs and books nothing.
/// </summary>
internal sealed class AgreementLedger(CarteraDbContext db, TimeProvider clock)
{
    public const string KeyPrefix = "agreement:";

    private static readonly AgreementLinePurpose[] ApprovalPurposes =
        [AgreementLinePurpose.PrincipalDiscount, AgreementLinePurpose.ArrearsWaiver, AgreementLinePurpose.FeeWaiver, AgreementLinePurpose.NotYetDue];

    /// <summary>Books the concessions of an agreement just approved (tracked), and the agreement itself when it has no
    /// down payment; false when it is not <c>approved</c>.</summary>
    public async Task<bool> ApproveAsync(PaymentAgreement agreement, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        if (agreement.Status != AgreementStatus.Approved || agreement.AgreementObligationId is not null)
        {
            return false;
        }

        var ids = await OriginalsAsync(agreement, ct);
        var currency = Currency.Of(agreement.CurrencyCode);
        var date = agreement.AgreementDate;
        var positions = await PositionsAsync(agreement.DebtorId, ids, date, ct);
        var position = positions.Select(p => AgreementSimulations.PositionOn(p, date)).Aggregate((a, b) => a.Add(b));
        if (position != Stored(agreement, currency))
        {
            throw new AgreementConflictException("position_changed", $"The obligations' position on {date:yyyy-MM-dd} changed since agreement {agreement.Id} was simulated (a payment or adjustment since); simulate it again.");
        }

        var terms = new AgreementTerms(date, agreement.InstallmentCount, agreement.Rate, null, agreement.PrincipalDiscount, agreement.ArrearsWaiver, agreement.FeeWaiver, agreement.FirstDueDate);
        var plan = AgreementBooking.Plan(positions.Select(p => (p.Facts.ObligationId, p.Installments)).ToList(), date, terms, currency);
        if (plan.ForgivenMinor != agreement.ForgivenMinor || plan.RestructuredMinor != agreement.AgreedBalanceMinor)
        {
            throw new InvalidOperationException($"Agreement {agreement.Id}: the booking lines add up to forgiven {plan.ForgivenMinor} and agreed {plan.RestructuredMinor}, not {agreement.ForgivenMinor} and {agreement.AgreedBalanceMinor}.");
        }

        // Valued A, so a down payment posted on A is allocated after them, to what the agreement keeps. They were
        // computed at the end of A: a waiver settles that day's arrears before they accrue (a component never reads
        // below zero), and by the end of A the originals owe exactly B.
        await PostAsync(agreement, plan.ApprovalLines, date, ct);
        await db.SaveChangesAsync(ct);
        if (agreement.DownPaymentMinor == 0)
        {
            await SettleDownPaymentAsync(agreement, await new BusinessCalendar(db).CurrentAsync(ct), ct);
        }

        return true;
    }

    /// <summary>
    /// An approved agreement on business date <paramref name="date"/> (tracked). Its down payment is posted when the
    /// originals owe at most the financed F at the end of the date (the down payment, and the arrears that accrued on
    /// the kept balance when it was paid after A): then it is booked. Otherwise, once A plus its grace is before the
    /// date, it is broken (lapsed); else it keeps waiting.
    /// </summary>
    public async Task<DownPaymentOutcome> SettleDownPaymentAsync(PaymentAgreement agreement, DateOnly date, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        if (agreement.Status != AgreementStatus.Approved || agreement.AgreementObligationId is not null || agreement.AgreementDate > date)
        {
            return DownPaymentOutcome.Waiting;
        }

        var positions = await PositionsAsync(agreement.DebtorId, await OriginalsAsync(agreement, ct), date, ct);
        if (positions.Sum(p => p.Installments.Sum(i => i.TotalOutstanding)) <= agreement.FinancedMinor)
        {
            await BookAsync(agreement, date, positions, ct);
            return DownPaymentOutcome.Booked;
        }

        if (agreement.AgreementDate.AddDays(agreement.GraceDays) < date)
        {
            await BreakAsync(agreement, date, ct);
            return DownPaymentOutcome.Lapsed;
        }

        return DownPaymentOutcome.Waiting;
    }

    /// <summary>
    /// Books an approved agreement whose down payment is posted (tracked), on business date <paramref name="date"/>, from
    /// its originals' positions at the end of that date: all they owe (at most F) moves to the agreement obligation.
    /// </summary>
    private async Task BookAsync(PaymentAgreement agreement, DateOnly date, List<ObligationPosition> positions, CancellationToken ct)
    {
        var ids = positions.Select(p => p.Facts.ObligationId).ToList();
        var originals = await db.Obligations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.ExternalId, o.Status, o.Product, o.Branch }).ToListAsync(ct);
        if (originals.FirstOrDefault(o => o.Status != ObligationStatus.Active) is { } closed)
        {
            throw new AgreementConflictException("obligation_not_active", $"Obligation {closed.ExternalId} is {EnumCodes.ToCode(closed.Status)}; agreement {agreement.Id} cannot be booked.");
        }

        var lines = AgreementBooking.Restructure(positions.Select(p => (p.Facts.ObligationId, p.Installments)).ToList());
        var financed = lines.Sum(l => l.AmountMinor);
        if (financed == 0)
        {
            throw new AgreementConflictException("nothing_owed", $"The obligations of agreement {agreement.Id} owe nothing: there is nothing to finance.");
        }

        var currency = Currency.Of(agreement.CurrencyCode);
        Money M(long minor) => Money.FromMinorUnits(minor, currency);
        var zero = M(0);
        var agreed = await db.PaymentAgreementInstallments.AsNoTracking().Where(i => i.AgreementId == agreement.Id).OrderBy(i => i.Number)
            .Select(i => new { i.Number, i.DueDate, i.PrincipalMinor, i.InterestMinor }).ToListAsync(ct);
        var schedule = AgreementBooking.Prepaid(agreed.Select(i => (i.Number, i.DueDate, i.PrincipalMinor, i.InterestMinor)).ToList(), checked(agreement.FinancedMinor - financed))
            .Select(i => new PlannedInstallment(i.Number, i.DueDate, M(i.PrincipalMinor), M(i.InterestMinor), zero, zero)).ToList();
        var first = originals[0];
        var carried = await WorstCategoryAsync(agreement.DebtorId, ids, agreement.AgreementDate, ct);
        var lifecycle = new ObligationLifecycle(db);
        var obligation = lifecycle.Open(
            new ObligationTerms($"ACUERDO-{agreement.Id}", ObligationKind.Agreement, first.Product, M(financed), agreement.AgreementDate, agreement.Rate, null, schedule.Count, PaymentFrequency.Monthly, Amortization.French, schedule[0].DueDate, first.Branch),
            agreement.DebtorId,
            schedule,
            clock.GetUtcNow(),
            carried);
        await db.SaveChangesAsync(ct);

        await new LedgerAdjustments(db).PostAsync(obligation.Id, date, [new LedgerAdjustmentLine(LedgerEntryKind.Disbursement, LedgerComponent.Principal, null, financed, $"Agreement {agreement.Id}: financed balance", Key(agreement) + ":financed")], ct);

        // Valued the day after the booking date: the positions are the ones at its end.
        await PostAsync(agreement, lines, date.AddDays(1), ct);
        await lifecycle.RestructureAsync(ids, ct);
        agreement.Status = AgreementStatus.Active;
        agreement.AgreementObligationId = obligation.Id;
        agreement.BookedOn = date;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Breaks an agreement on <paramref name="date"/> (tracked). An active one: the forgiven amounts reinstated when it
    /// says so, the originals active again. An approved one whose down payment never came: every line approval booked
    /// (concessions and cancelled charges not yet due) undone, whatever it says — the agreement never took effect.
    /// </summary>
    public async Task BreakAsync(PaymentAgreement agreement, DateOnly date, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        if (agreement.Status is not (AgreementStatus.Active or AgreementStatus.Approved))
        {
            return;
        }

        var lapsed = agreement.Status == AgreementStatus.Approved;
        agreement.Status = AgreementStatus.Broken;
        agreement.BrokenOn = date;
        if (lapsed || agreement.ReinstateOnBreak)
        {
            var key = Key(agreement);
            var undone = (lapsed ? ApprovalPurposes : ApprovalPurposes.Where(p => p != AgreementLinePurpose.NotYetDue))
                .Select(p => key + ":" + EnumCodes.ToCode(p)).ToList();
            var ids = await OriginalsAsync(agreement, ct);
            var booked = await db.LedgerEntries.AsNoTracking()
                .Where(e => ids.Contains(e.ObligationId) && e.Kind == LedgerEntryKind.Adjustment && e.IdempotencyKey != null && undone.Contains(e.IdempotencyKey))
                .OrderBy(e => e.Id)
                .ToListAsync(ct);
            var ledger = new LedgerAdjustments(db);
            foreach (var group in booked.GroupBy(e => e.ObligationId))
            {
                await ledger.PostAsync(
                    group.Key,
                    date,
                    group.Select(e => new LedgerAdjustmentLine(LedgerEntryKind.Adjustment, e.Component, e.InstallmentNumber, -e.AmountMinor, $"Agreement {agreement.Id} broken: {(lapsed ? "no down payment, concession undone" : "forgiven amount reinstated")}", key + ":reinstated")).ToList(),
                    ct);
            }

            await new ObligationLifecycle(db).ReinstateAsync(ids, ct);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The worst own category of the originals as they stood when the agreement was made on <paramref name="date"/>
    /// (A): at the end of A − 1, the last close before it, so neither the approval lines nor a down payment of A count —
    /// the floor the agreement obligation carries (RULES §14, <see cref="RestructuredClassification"/>).</summary>
    private async Task<string> WorstCategoryAsync(long debtorId, IReadOnlyCollection<long> obligationIds, DateOnly date, CancellationToken ct)
    {
        var loaded = await new DelinquencyFactsLoader(db).LoadManyAsync(obligationIds, ct);
        var country = await db.Debtors.AsNoTracking().Where(d => d.Id == debtorId).Select(d => d.Country).SingleAsync(ct);
        var tables = await JurisdictionTables.LoadAsync(db, ct);
        var rates = tables.Rates(country);
        var worst = ClassificationTable.Categories[0];
        foreach (var original in loaded)
        {
            var before = PositionCalculator.EndOfDay(original.Facts, original.Settings.CapModality, rates, date.AddDays(-1));
            var own = tables.ClassificationFor(country, original.Settings.Classification).CategoryFor(DelinquencyFigures.From(before, date.AddDays(-1), original.Settings).DaysPastDue);
            own = RestructuredClassification.Apply(own, original.CarriedCategory, original.Facts, original.Settings.CapModality, rates, date.AddDays(-1));
            worst = ClassificationTable.Worse(worst, own);
        }

        return worst;
    }

    /// <summary>The end-of-day positions on <paramref name="date"/> of these obligations of one debtor, in id order.</summary>
    public async Task<List<ObligationPosition>> PositionsAsync(long debtorId, IReadOnlyCollection<long> obligationIds, DateOnly date, CancellationToken ct)
    {
        var loaded = await new DelinquencyFactsLoader(db).LoadManyAsync(obligationIds, ct);
        var country = await db.Debtors.AsNoTracking().Where(d => d.Id == debtorId).Select(d => d.Country).SingleAsync(ct);
        var rates = (await JurisdictionTables.LoadAsync(db, ct)).Rates(country);
        return loaded.OrderBy(l => l.Facts.ObligationId).Select(l => PositionCalculator.EndOfDay(l.Facts, l.Settings.CapModality, rates, date)).ToList();
    }

    private static string Key(PaymentAgreement agreement) => KeyPrefix + agreement.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task<List<long>> OriginalsAsync(PaymentAgreement agreement, CancellationToken ct) =>
        db.PaymentAgreementObligations.AsNoTracking().Where(o => o.AgreementId == agreement.Id).Select(o => o.ObligationId).OrderBy(id => id).ToListAsync(ct);

    private async Task PostAsync(PaymentAgreement agreement, IReadOnlyList<AgreementBookingLine> lines, DateOnly valueDate, CancellationToken ct)
    {
        var ledger = new LedgerAdjustments(db);
        var key = Key(agreement);
        foreach (var group in lines.GroupBy(l => l.ObligationId))
        {
            await ledger.PostAsync(
                group.Key,
                valueDate,
                group.Select(l => new LedgerAdjustmentLine(
                    LedgerEntryKind.Adjustment, l.Component, l.InstallmentNumber, -l.AmountMinor,
                    $"Agreement {agreement.Id}: {EnumCodes.ToCode(l.Purpose).Replace('_', ' ')}",
                    key + ":" + EnumCodes.ToCode(l.Purpose))).ToList(),
                ct);
        }
    }

    private static AgreementPosition Stored(PaymentAgreement a, Currency currency)
    {
        Money M(long minor) => Money.FromMinorUnits(minor, currency);
        return new AgreementPosition(M(a.OverduePrincipalMinor), M(a.FuturePrincipalMinor), M(a.OverdueInterestMinor), M(a.ArrearsInterestMinor), M(a.FeesMinor), M(a.OtherOverdueMinor));
    }
}
