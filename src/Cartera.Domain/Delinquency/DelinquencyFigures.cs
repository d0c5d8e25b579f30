using Cartera.Domain.Ledger;

namespace Cartera.Domain.Delinquency;

/// <summary>
/// The delinquency figures of one obligation on a business date (RULES §2): DPD, bucket and overdue amounts per
/// component, all in minor units. <c>Overdue*</c> count installments due before the date; arrears interest and fees count
/// every installment. <see cref="OutstandingPrincipal"/> is all principal not yet paid, due or not.
/// <see cref="CreditBalance"/> is the ledger's credit balance as it is, never clamped: negative only when a reversal took
/// back money whose credit balance had already been refunded or applied (owed by the debtor; issue 11: no figure
/// silently becomes 0).
/// </summary>
public sealed record DelinquencyFigures(
    long ObligationId,
    DateOnly BusinessDate,
    int DaysPastDue,
    string Bucket,
    DateOnly? OldestUnpaidDueDate,
    long OverduePrincipal,
    long OverdueInterest,
    long OverdueInsurance,
    long OverdueOther,
    long ArrearsInterest,
    long Fees,
    long OutstandingPrincipal,
    long CreditBalance)
{
    /// <summary>total_due = overdue principal + interest + insurance + other + arrears interest + fees.</summary>
    public long TotalDue => OverduePrincipal + OverdueInterest + OverdueInsurance + OverdueOther + ArrearsInterest + Fees;

    /// <summary>
    /// The exposure provisions are computed on: all unpaid principal plus the overdue interest, insurance and other
    /// charges, arrears interest and fees.
    /// </summary>
    public long Exposure => OutstandingPrincipal + OverdueInterest + OverdueInsurance + OverdueOther + ArrearsInterest + Fees;

    /// <summary>Computes the figures from a position taken at the end of <paramref name="date"/>.</summary>
    public static DelinquencyFigures From(ObligationPosition position, DateOnly date, ProductSettings settings)
    {
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(settings);
        if (position.MovementsThrough != date || position.AccruedThrough != date)
        {
            throw new ArgumentException("Delinquency figures are taken from an end-of-day position of the same date.", nameof(position));
        }

        DateOnly? oldest = null;
        long principal = 0, interest = 0, insurance = 0, other = 0, arrears = 0, fees = 0, outstandingPrincipal = 0;
        foreach (var i in position.Installments)
        {
            arrears += i.Outstanding(LedgerComponent.ArrearsInterest);
            fees += i.Outstanding(LedgerComponent.Fee);
            outstandingPrincipal += i.PrincipalOutstanding;
            if (i.DueDate < date)
            {
                principal += i.PrincipalOutstanding;
                interest += i.Outstanding(LedgerComponent.Interest);
                insurance += i.Outstanding(LedgerComponent.Insurance);
                other += i.Outstanding(LedgerComponent.Other);
            }

            if (i.DueDate <= date && i.TotalOutstanding > settings.ToleranceMinor && (oldest is null || i.DueDate < oldest))
            {
                oldest = i.DueDate;
            }
        }

        var dpd = oldest is { } due ? date.DayNumber - due.DayNumber : 0;
        return new DelinquencyFigures(
            position.Facts.ObligationId,
            date,
            dpd,
            AgingBuckets.LabelFor(settings.Buckets, dpd),
            oldest,
            principal,
            interest,
            insurance,
            other,
            arrears,
            fees,
            outstandingPrincipal,
            position.CreditBalance);
    }
}
