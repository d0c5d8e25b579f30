using Cartera.Application.Data;
using Cartera.Domain.Collection.Agreements;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Agreements;

/// <summary>An installment of an active agreement due before a date and not fully paid.
/// Built with an object initializer so a query over it can still be filtered, ordered and joined in SQL.</summary>
public sealed record OverdueAgreementInstallment
{
    public long DebtorId { get; init; }

    public long AgreementId { get; init; }

    public long ObligationId { get; init; }

    public int InstallmentNumber { get; init; }

    public DateOnly DueOn { get; init; }

    /// <summary>Scheduled amount still unpaid (principal, interest, insurance, other), minor units.</summary>
    public long UnpaidMinor { get; init; }
}

/// <summary>A broken agreement of a debtor and the date close-of-day broke it.</summary>
public sealed record BrokenAgreement
{
    public long DebtorId { get; init; }

    public long AgreementId { get; init; }

    public DateOnly BrokenOn { get; init; }
}

/// <summary>
/// Collection's public read model of payment agreements for other features (the work queue: "agreement installments
/// overdue", a broken agreement puts the debtor back in the queue): what close-of-day step 8 (<c>agreements</c>) and
/// the payments stored, as of the last closed date.
/// </summary>
public sealed class AgreementQueries(CarteraDbContext db)
{
    /// <summary>The status of an agreement as of <paramref name="date"/>, from the dates close-of-day stored on it: a
    /// booked agreement is <c>active</c> from its booking date until the date it broke or was completed.</summary>
    public static AgreementStatus StatusOn(PaymentAgreement agreement, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        return agreement switch
        {
            { BrokenOn: { } broken } when broken <= date => AgreementStatus.Broken,
            { CompletedOn: { } completed } when completed <= date => AgreementStatus.Completed,
            { BookedOn: { } booked } when booked <= date => AgreementStatus.Active,
            { BookedOn: not null } or { BrokenOn: not null } => AgreementStatus.Approved, // before booking, or a lapse
            _ => agreement.Status,
        };
    }

    /// <summary>Installments of active agreements due before <paramref name="date"/> with something unpaid — a query a queue can join or page.</summary>
    public IQueryable<OverdueAgreementInstallment> OverdueInstallments(DateOnly date) =>
        db.PaymentAgreements.AsNoTracking()
            .Where(a => a.Status == AgreementStatus.Active && a.AgreementObligationId != null)
            .Join(db.Installments.AsNoTracking(), a => a.AgreementObligationId, i => i.ObligationId, (a, i) => new { a, i })
            .Where(x => x.i.DueDate < date && x.i.PrincipalPaidMinor + x.i.InterestPaidMinor + x.i.InsurancePaidMinor + x.i.OtherPaidMinor < x.i.PrincipalMinor + x.i.InterestMinor + x.i.InsuranceMinor + x.i.OtherMinor)
            .Select(x => new OverdueAgreementInstallment
            {
                DebtorId = x.a.DebtorId,
                AgreementId = x.a.Id,
                ObligationId = x.i.ObligationId,
                InstallmentNumber = x.i.Number,
                DueOn = x.i.DueDate,
                UnpaidMinor = x.i.PrincipalMinor + x.i.InterestMinor + x.i.InsuranceMinor + x.i.OtherMinor - x.i.PrincipalPaidMinor - x.i.InterestPaidMinor - x.i.InsurancePaidMinor - x.i.OtherPaidMinor,
            });

    /// <summary>Debtor ids (possibly repeated) with an active agreement installment due before <paramref name="today"/> and
    /// unpaid, or an approved agreement dated before it whose down payment is still awaited (the work queue's tier).</summary>
    public IQueryable<long> DebtorsWithOverdueInstallments(DateOnly today) =>
        OverdueInstallments(today).Select(i => i.DebtorId)
            .Concat(db.PaymentAgreements.AsNoTracking().Where(a => a.Status == AgreementStatus.Approved && a.AgreementDate < today).Select(a => a.DebtorId));

    /// <summary>Agreements broken on or after <paramref name="since"/> — a query a queue can join or page.</summary>
    public IQueryable<BrokenAgreement> BrokenAgreements(DateOnly since) =>
        db.PaymentAgreements.AsNoTracking()
            .Where(a => a.Status == AgreementStatus.Broken && a.BrokenOn >= since)
            .Select(a => new BrokenAgreement { DebtorId = a.DebtorId, AgreementId = a.Id, BrokenOn = a.BrokenOn!.Value });

    /// <summary>
    /// The agreement status of each of these debtors as of <paramref name="date"/> (<see cref="StatusOn"/>): an active
    /// agreement if the debtor has one, else their latest agreement's status; debtors without agreements are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, AgreementStatus>> StatusByDebtorAsync(IReadOnlyCollection<long> debtorIds, DateOnly date, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(debtorIds);
        var result = new Dictionary<long, AgreementStatus>();
        foreach (var chunk in debtorIds.Distinct().Chunk(1_000))
        {
            var agreements = await db.PaymentAgreements.AsNoTracking().Where(a => chunk.Contains(a.DebtorId)).ToListAsync(ct);
            foreach (var byDebtor in agreements.GroupBy(a => a.DebtorId))
            {
                var statuses = byDebtor.OrderByDescending(a => a.Id).Select(a => StatusOn(a, date)).ToList();
                result[byDebtor.Key] = statuses.Contains(AgreementStatus.Active) ? AgreementStatus.Active : statuses[0];
            }
        }

        return result;
    }
}
