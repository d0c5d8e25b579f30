namespace Cartera.Domain.Portfolio;

/// <summary>
/// An installment (cuota): amounts due per component and amounts paid per component, in whole minor units of the
/// obligation's currency. The paid amounts are maintained by payment posting (derived from the ledger).
/// </summary>
public sealed class Installment
{
    private Installment()
    {
    }

    public long ObligationId { get; private set; }

    public int Number { get; private set; }

    public DateOnly DueDate { get; private set; }

    public long PrincipalMinor { get; private set; }

    public long InterestMinor { get; private set; }

    public long InsuranceMinor { get; private set; }

    public long OtherMinor { get; private set; }

    public long PrincipalPaidMinor { get; private set; }

    public long InterestPaidMinor { get; private set; }

    public long InsurancePaidMinor { get; private set; }

    public long OtherPaidMinor { get; private set; }

    public long TotalDueMinor => PrincipalMinor + InterestMinor + InsuranceMinor + OtherMinor;

    public long TotalPaidMinor => PrincipalPaidMinor + InterestPaidMinor + InsurancePaidMinor + OtherPaidMinor;

    internal static Installment From(PlannedInstallment planned) => new()
    {
        Number = planned.Number,
        DueDate = planned.DueDate,
        PrincipalMinor = planned.Principal.MinorUnits,
        InterestMinor = planned.Interest.MinorUnits,
        InsuranceMinor = planned.Insurance.MinorUnits,
        OtherMinor = planned.Other.MinorUnits,
    };

    /// <summary>
    /// Records amounts paid per component (used by payment posting and by portfolios imported with their history).
    /// Paid never exceeds due and never goes below zero (a reversal passes negative amounts).
    /// </summary>
    public void RecordPaid(long principal, long interest, long insurance, long other)
    {
        static long Next(long paid, long delta, long due, string field) =>
            paid + delta is var next && next >= 0 && next <= due
                ? next
                : throw new Common.DomainException("invalid_amount", $"Paid {field} would be {paid + delta}, outside 0..{due}.", field);

        var p = Next(PrincipalPaidMinor, principal, PrincipalMinor, "principal");
        var i = Next(InterestPaidMinor, interest, InterestMinor, "interest");
        var s = Next(InsurancePaidMinor, insurance, InsuranceMinor, "insurance");
        var o = Next(OtherPaidMinor, other, OtherMinor, "other");
        (PrincipalPaidMinor, InterestPaidMinor, InsurancePaidMinor, OtherPaidMinor) = (p, i, s, o);
    }

    /// <summary>Whether every component is fully paid.</summary>
    public bool IsPaid => TotalPaidMinor == TotalDueMinor;

    /// <summary>Whether this installment carries the same amounts and date as a planned one.</summary>
    public bool SameAs(PlannedInstallment planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return Number == planned.Number && DueDate == planned.DueDate
            && PrincipalMinor == planned.Principal.MinorUnits && InterestMinor == planned.Interest.MinorUnits
            && InsuranceMinor == planned.Insurance.MinorUnits && OtherMinor == planned.Other.MinorUnits;
    }
}
