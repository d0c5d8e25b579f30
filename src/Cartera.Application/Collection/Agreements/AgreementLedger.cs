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

/// <summary>
/// What an agreement books and un-books (RULES §14; docs/user/collection.md, Agreements). <see cref="BookAsync"/>, on
/// approval: the new obligation of kind <c>agreement</c> (external id <c>ACUERDO-{id}</c>, the first original's product,
/// principal B, installment 1 the down payment due on A, then the agreed installments) with its opening disbursement;
/// on each original the adjustment lines of <see cref="AgreementBooking"/> (value date A + 1: the position is the one at
/// the end of A), then the originals closed as
/// restructured (Portfolio) and the agreement <c>active</c>. <see cref="BreakAsync"/>, when close-of-day finds it
/// broken: the agreement <c>broken</c> on the date and, when it says so, the forgiven lines undone on the originals by new
/// adjustment lines valued that day (the forgiven amounts owed again) and the originals active again. The ledger is
/// only appended to (through Payments' <see cref="LedgerAdjustments"/>); each step runs in the caller's transaction and
/// is audited by SaveChanges; a second call finds the agreement past the status it needs and books nothing.
/// </summary>
internal sealed class AgreementLedger(CarteraDbContext db, TimeProvider clock)
{
    public const string KeyPrefix = "agreement:";

    /// <summary>Books an approved agreement (tracked); false when it is not <c>approved</c> (already booked, or not yet approved).</summary>
    public async Task<bool> BookAsync(PaymentAgreement agreement, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        if (agreement.Status != AgreementStatus.Approved || agreement.AgreementObligationId is not null)
        {
            return false;
        }

        var ids = await db.PaymentAgreementObligations.AsNoTracking().Where(o => o.AgreementId == agreement.Id).Select(o => o.ObligationId).OrderBy(id => id).ToListAsync(ct);
        var originals = await db.Obligations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.ExternalId, o.Status, o.Product, o.Branch }).ToListAsync(ct);
        if (originals.FirstOrDefault(o => o.Status != ObligationStatus.Active) is { } closed)
        {
            throw new AgreementConflictException("obligation_not_active", $"Obligation {closed.ExternalId} is {EnumCodes.ToCode(closed.Status)}; agreement {agreement.Id} cannot be booked.");
        }

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

        // The new obligation: installment 1 is the down payment due on A, then the agreed installments.
        var installments = await db.PaymentAgreementInstallments.AsNoTracking().Where(i => i.AgreementId == agreement.Id).OrderBy(i => i.Number).ToListAsync(ct);
        Money M(long minor) => Money.FromMinorUnits(minor, currency);
        var zero = M(0);
        var schedule = new List<PlannedInstallment> { new(1, date, M(agreement.DownPaymentMinor), zero, zero, zero) };
        schedule.AddRange(installments.Select(i => new PlannedInstallment(i.Number + 1, i.DueDate, M(i.PrincipalMinor), M(i.InterestMinor), zero, zero)));
        var first = originals[0];
        var lifecycle = new ObligationLifecycle(db);
        var obligation = lifecycle.Open(
            new ObligationTerms($"ACUERDO-{agreement.Id}", ObligationKind.Agreement, first.Product, M(agreement.AgreedBalanceMinor), date, agreement.Rate, null, schedule.Count, PaymentFrequency.Monthly, Amortization.French, date, first.Branch),
            agreement.DebtorId,
            schedule,
            clock.GetUtcNow());
        await db.SaveChangesAsync(ct);

        var ledger = new LedgerAdjustments(db);
        var key = KeyPrefix + agreement.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ledger.PostAsync(obligation.Id, date, [new LedgerAdjustmentLine(LedgerEntryKind.Disbursement, LedgerComponent.Principal, null, agreement.AgreedBalanceMinor, $"Agreement {agreement.Id}: agreed balance", key + ":agreed_balance")], ct);
        foreach (var group in plan.Lines.GroupBy(l => l.ObligationId))
        {
            var lines = group.Select(l => new LedgerAdjustmentLine(
                LedgerEntryKind.Adjustment, l.Component, l.InstallmentNumber, -l.AmountMinor,
                $"Agreement {agreement.Id}: {EnumCodes.ToCode(l.Purpose).Replace('_', ' ')}",
                key + ":" + EnumCodes.ToCode(l.Purpose))).ToList();
            // Valued the day after A: the position was taken at the end of A, with A's arrears accrued (a line valued A
            // would be allocated before A's accrual and leave the waiver larger than what accrued).
            await ledger.PostAsync(group.Key, date.AddDays(1), lines, ct);
        }

        await lifecycle.RestructureAsync(ids, ct);
        agreement.Status = AgreementStatus.Active;
        agreement.AgreementObligationId = obligation.Id;
        agreement.BookedOn = await new BusinessCalendar(db).CurrentAsync(ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Breaks an active agreement on <paramref name="date"/> (tracked), reinstating the forgiven amounts when it says so.</summary>
    public async Task BreakAsync(PaymentAgreement agreement, DateOnly date, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        if (agreement.Status != AgreementStatus.Active)
        {
            return;
        }

        agreement.Status = AgreementStatus.Broken;
        agreement.BrokenOn = date;
        if (agreement.ReinstateOnBreak)
        {
            var key = KeyPrefix + agreement.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var forgivenKeys = new[] { AgreementLinePurpose.PrincipalDiscount, AgreementLinePurpose.ArrearsWaiver, AgreementLinePurpose.FeeWaiver }
                .Select(p => key + ":" + EnumCodes.ToCode(p)).ToList();
            var ids = await db.PaymentAgreementObligations.AsNoTracking().Where(o => o.AgreementId == agreement.Id).Select(o => o.ObligationId).ToListAsync(ct);
            var forgiven = await db.LedgerEntries.AsNoTracking()
                .Where(e => ids.Contains(e.ObligationId) && e.Kind == LedgerEntryKind.Adjustment && e.IdempotencyKey != null && forgivenKeys.Contains(e.IdempotencyKey))
                .OrderBy(e => e.Id)
                .ToListAsync(ct);
            var ledger = new LedgerAdjustments(db);
            foreach (var group in forgiven.GroupBy(e => e.ObligationId))
            {
                await ledger.PostAsync(
                    group.Key,
                    date,
                    group.Select(e => new LedgerAdjustmentLine(LedgerEntryKind.Adjustment, e.Component, e.InstallmentNumber, -e.AmountMinor, $"Agreement {agreement.Id} broken: forgiven amount reinstated", key + ":reinstated")).ToList(),
                    ct);
            }

            await new ObligationLifecycle(db).ReinstateAsync(ids, ct);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The end-of-day positions on <paramref name="date"/> of these obligations of one debtor, in id order.</summary>
    public async Task<List<ObligationPosition>> PositionsAsync(long debtorId, IReadOnlyCollection<long> obligationIds, DateOnly date, CancellationToken ct)
    {
        var loaded = await new DelinquencyFactsLoader(db).LoadManyAsync(obligationIds, ct);
        var country = await db.Debtors.AsNoTracking().Where(d => d.Id == debtorId).Select(d => d.Country).SingleAsync(ct);
        var rates = (await JurisdictionTables.LoadAsync(db, ct)).Rates(country);
        return loaded.OrderBy(l => l.Facts.ObligationId).Select(l => PositionCalculator.EndOfDay(l.Facts, l.Settings.CapModality, rates, date)).ToList();
    }

    private static AgreementPosition Stored(PaymentAgreement a, Currency currency)
    {
        Money M(long minor) => Money.FromMinorUnits(minor, currency);
        return new AgreementPosition(M(a.OverduePrincipalMinor), M(a.FuturePrincipalMinor), M(a.OverdueInterestMinor), M(a.ArrearsInterestMinor), M(a.FeesMinor), M(a.OtherOverdueMinor));
    }
}
