using Cartera.Domain.Common;
using Cartera.Domain.Ledger;

namespace Cartera.Domain.Delinquency;

/// <summary>
/// One installment on a date: what is due per component (schedule, fees charged, arrears accrued) and what is settled.
/// Mutable only inside the engine while it replays the ledger; callers read it.
/// </summary>
public sealed class InstallmentPosition
{
    internal InstallmentPosition(ScheduledInstallment scheduled)
    {
        Number = scheduled.Number;
        DueDate = scheduled.DueDate;
        PrincipalDue = scheduled.Principal;
        InterestDue = scheduled.Interest;
        InsuranceDue = scheduled.Insurance;
        OtherDue = scheduled.Other;
    }

    public int Number { get; }

    public DateOnly DueDate { get; }

    public long PrincipalDue { get; }

    public long InterestDue { get; }

    public long InsuranceDue { get; }

    public long OtherDue { get; }

    public long FeesCharged { get; internal set; }

    public long ArrearsAccrued { get; internal set; }

    /// <summary>The part of <see cref="ArrearsAccrued"/> accrued on the last day of the accrual (the day's accrual).</summary>
    public long ArrearsOnLastDay { get; internal set; }

    public long PrincipalSettled { get; internal set; }

    public long InterestSettled { get; internal set; }

    public long InsuranceSettled { get; internal set; }

    public long OtherSettled { get; internal set; }

    public long FeesSettled { get; internal set; }

    public long ArrearsSettled { get; internal set; }

    public long Due(LedgerComponent component) => component switch
    {
        LedgerComponent.Principal => PrincipalDue,
        LedgerComponent.Interest => InterestDue,
        LedgerComponent.Insurance => InsuranceDue,
        LedgerComponent.Other => OtherDue,
        LedgerComponent.Fee => FeesCharged,
        LedgerComponent.ArrearsInterest => ArrearsAccrued,
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "Not an installment component."),
    };

    public long Settled(LedgerComponent component) => component switch
    {
        LedgerComponent.Principal => PrincipalSettled,
        LedgerComponent.Interest => InterestSettled,
        LedgerComponent.Insurance => InsuranceSettled,
        LedgerComponent.Other => OtherSettled,
        LedgerComponent.Fee => FeesSettled,
        LedgerComponent.ArrearsInterest => ArrearsSettled,
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "Not an installment component."),
    };

    /// <summary>What remains to be paid of a component (never shown negative: an over-settlement reads as zero).</summary>
    public long Outstanding(LedgerComponent component) => Math.Max(0, Due(component) - Settled(component));

    public long PrincipalOutstanding => Outstanding(LedgerComponent.Principal);

    /// <summary>Everything unpaid on the installment: schedule, fees and arrears.</summary>
    public long TotalOutstanding =>
        Outstanding(LedgerComponent.Principal) + Outstanding(LedgerComponent.Interest) + Outstanding(LedgerComponent.Insurance)
        + Outstanding(LedgerComponent.Other) + Outstanding(LedgerComponent.Fee) + Outstanding(LedgerComponent.ArrearsInterest);

    internal void Apply(MovementType type, LedgerComponent component, long amount)
    {
        if (type == MovementType.Charge)
        {
            if (component != LedgerComponent.Fee)
            {
                throw new DomainException("invalid_value", $"Only fees are charged through the ledger (installment {Number}).", "component");
            }

            FeesCharged += amount;
            return;
        }

        switch (component)
        {
            case LedgerComponent.Principal: PrincipalSettled += amount; break;
            case LedgerComponent.Interest: InterestSettled += amount; break;
            case LedgerComponent.Insurance: InsuranceSettled += amount; break;
            case LedgerComponent.Other: OtherSettled += amount; break;
            case LedgerComponent.Fee: FeesSettled += amount; break;
            case LedgerComponent.ArrearsInterest: ArrearsSettled += amount; break;
            default: throw new DomainException("invalid_value", $"A credit-balance line does not name an installment (installment {Number}).", "component");
        }
    }
}
