using Cartera.Application.Data;
using Cartera.Domain.Collection.Agreements;

namespace Cartera.Application.Collection.Agreements;

/// <summary>
/// Collection's public read of payment agreements for the work queue: the debtors of active agreements with an
/// installment of the agreement obligation due before a date and not fully paid (its schedule against that date).
/// </summary>
public sealed class AgreementQueries(CarteraDbContext db)
{
    /// <summary>Debtor ids (possibly repeated) with an active agreement installment due before <paramref name="today"/> and unpaid.</summary>
    public IQueryable<long> DebtorsWithOverdueInstallments(DateOnly today) =>
        from a in db.PaymentAgreements
        where a.Status == AgreementStatus.Active && a.AgreementObligationId != null
        join i in db.Installments on a.AgreementObligationId equals i.ObligationId
        where i.DueDate < today
            && i.PrincipalPaidMinor + i.InterestPaidMinor + i.InsurancePaidMinor + i.OtherPaidMinor < i.PrincipalMinor + i.InterestMinor + i.InsuranceMinor + i.OtherMinor
        select a.DebtorId;
}
