using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;

namespace Cartera.Domain.Collection.Agreements;

// Stored in ledger lines' idempotency keys as snake_case (see EnumCodes). Add members at the end only.

/// <summary>Why a booking line settles a component of an original obligation.</summary>
public enum AgreementLinePurpose
{
    /// <summary>The quita: principal forgiven (q).</summary>
    PrincipalDiscount,

    /// <summary>Arrears interest forgiven (w_a).</summary>
    ArrearsWaiver,

    /// <summary>Fees forgiven (w_f).</summary>
    FeeWaiver,

    /// <summary>Moved to the new agreement obligation (part of the agreed balance B).</summary>
    Restructured,

    /// <summary>Interest, insurance or other charges of installments not yet due on A: not part of the agreement (its own interest replaces them).</summary>
    NotYetDue,
}

/// <summary>One adjustment of an original obligation: the amount (positive minor units) it settles on an installment's component.</summary>
public sealed record AgreementBookingLine(long ObligationId, int InstallmentNumber, LedgerComponent Component, long AmountMinor, AgreementLinePurpose Purpose)
{
    public bool IsForgiven => Purpose is AgreementLinePurpose.PrincipalDiscount or AgreementLinePurpose.ArrearsWaiver or AgreementLinePurpose.FeeWaiver;
}

/// <summary>The lines that close the original obligations, with what they forgive and what they move to the agreement.</summary>
public sealed record AgreementBookingPlan(IReadOnlyList<AgreementBookingLine> Lines)
{
    public long ForgivenMinor => Lines.Where(l => l.IsForgiven).Sum(l => l.AmountMinor);

    public long RestructuredMinor => Lines.Where(l => l.Purpose == AgreementLinePurpose.Restructured).Sum(l => l.AmountMinor);

    /// <summary>What approval books: the concessions and the cancelled charges not yet due. The agreed balance B stays on
    /// the originals, where the down payment is posted.</summary>
    public IReadOnlyList<AgreementBookingLine> ApprovalLines => Lines.Where(l => l.Purpose != AgreementLinePurpose.Restructured).ToList();
}

/// <summary>
/// Booking of an approved agreement (RULES §14), pure: from each original obligation's position on the agreement date A
/// it settles everything outstanding, installment by installment and component by component, as adjustment lines —
/// the quita q on principal, the waivers w_a and w_f on arrears interest and fees (rounded exactly as the simulator
/// rounds B, each concession taken from the latest installments first, obligations in id order), the rest of
/// OP, FP, OI, AI, FE and OT moved to the agreement obligation, and the interest, insurance and other charges of
/// installments due on or after A cancelled as not yet due. So the forgiven lines add up to the agreement's forgiven
/// amount, the restructured lines to its agreed balance B, and the originals owe nothing after it. Approval books the
/// plan's <see cref="AgreementBookingPlan.ApprovalLines"/>, leaving B on the originals for the down payment; once it is
/// posted, <see cref="Restructure"/> moves what is left of B to the agreement obligation.
/// </summary>
public static class AgreementBooking
{
    private static readonly LedgerComponent[] Scheduled = [LedgerComponent.Principal, LedgerComponent.Interest, LedgerComponent.Insurance, LedgerComponent.Other];

    public static AgreementBookingPlan Plan(IReadOnlyList<(long ObligationId, IReadOnlyList<InstallmentPosition> Installments)> originals, DateOnly date, AgreementTerms terms, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(terms);
        var ordered = originals.OrderBy(o => o.ObligationId).ToList();

        // Each concession as the simulator computes it: the total of the component minus its rounded kept part.
        long Concession(LedgerComponent component, decimal fraction)
        {
            var total = ordered.Sum(o => o.Installments.Sum(i => i.Outstanding(component)));
            var kept = Money.FromMinorUnits(total, currency).MultiplyRounded(1m - fraction).MinorUnits;
            return checked(total - kept);
        }

        var remaining = new Dictionary<LedgerComponent, long>
        {
            [LedgerComponent.Principal] = Concession(LedgerComponent.Principal, terms.PrincipalDiscount),
            [LedgerComponent.ArrearsInterest] = Concession(LedgerComponent.ArrearsInterest, terms.ArrearsWaiver),
            [LedgerComponent.Fee] = Concession(LedgerComponent.Fee, terms.FeeWaiver),
        };

        // Forgiven parts, taken from the latest installment of the last obligation backwards.
        var forgiven = new Dictionary<(long, int, LedgerComponent), long>();
        foreach (var (obligationId, installments) in Enumerable.Reverse(ordered))
        {
            foreach (var i in installments.OrderByDescending(i => i.Number))
            {
                foreach (var component in remaining.Keys.ToList())
                {
                    var take = Math.Min(remaining[component], i.Outstanding(component));
                    if (take > 0)
                    {
                        forgiven[(obligationId, i.Number, component)] = take;
                        remaining[component] -= take;
                    }
                }
            }
        }

        var lines = new List<AgreementBookingLine>();
        foreach (var (obligationId, installments) in ordered)
        {
            foreach (var i in installments.OrderBy(i => i.Number))
            {
                foreach (var component in Scheduled.Append(LedgerComponent.ArrearsInterest).Append(LedgerComponent.Fee))
                {
                    var outstanding = i.Outstanding(component);
                    if (outstanding == 0)
                    {
                        continue;
                    }

                    var waived = forgiven.GetValueOrDefault((obligationId, i.Number, component));
                    if (waived > 0)
                    {
                        lines.Add(new AgreementBookingLine(obligationId, i.Number, component, waived, PurposeOf(component)));
                    }

                    var rest = outstanding - waived;
                    if (rest > 0)
                    {
                        var notYetDue = i.DueDate >= date && component is LedgerComponent.Interest or LedgerComponent.Insurance or LedgerComponent.Other;
                        lines.Add(new AgreementBookingLine(obligationId, i.Number, component, rest, notYetDue ? AgreementLinePurpose.NotYetDue : AgreementLinePurpose.Restructured));
                    }
                }
            }
        }

        return new AgreementBookingPlan(lines);
    }

    /// <summary>
    /// The lines that move everything the originals still owe, from their positions at the end of the booking date, to
    /// the agreement obligation as <c>restructured</c> (RULES §14; booked once that is at most F, the down payment
    /// posted).
    /// </summary>
    public static IReadOnlyList<AgreementBookingLine> Restructure(IReadOnlyList<(long ObligationId, IReadOnlyList<InstallmentPosition> Installments)> originals)
    {
        ArgumentNullException.ThrowIfNull(originals);
        var lines = new List<AgreementBookingLine>();
        foreach (var (obligationId, installments) in originals.OrderBy(o => o.ObligationId))
        {
            foreach (var i in installments.OrderBy(i => i.Number))
            {
                foreach (var component in Scheduled.Append(LedgerComponent.ArrearsInterest).Append(LedgerComponent.Fee))
                {
                    if (i.Outstanding(component) is > 0 and var outstanding)
                    {
                        lines.Add(new AgreementBookingLine(obligationId, i.Number, component, outstanding, AgreementLinePurpose.Restructured));
                    }
                }
            }
        }

        return lines;
    }

    /// <summary>
    /// The agreement obligation's schedule when the originals owe <paramref name="excessMinor"/> less than F at booking
    /// (more than the down payment was paid): the agreed installments, the excess taken off their principal from the
    /// last installment backwards (their interest stays as agreed).
    /// </summary>
    public static IReadOnlyList<(int Number, DateOnly DueDate, long PrincipalMinor, long InterestMinor)> Prepaid(IReadOnlyList<(int Number, DateOnly DueDate, long PrincipalMinor, long InterestMinor)> agreed, long excessMinor)
    {
        ArgumentNullException.ThrowIfNull(agreed);
        var left = excessMinor;
        var result = new List<(int, DateOnly, long, long)>();
        foreach (var i in agreed.OrderByDescending(i => i.Number))
        {
            var take = Math.Min(left, i.PrincipalMinor);
            left -= take;
            result.Add((i.Number, i.DueDate, i.PrincipalMinor - take, i.InterestMinor));
        }

        result.Reverse();
        return result;
    }

    private static AgreementLinePurpose PurposeOf(LedgerComponent component) => component switch
    {
        LedgerComponent.Principal => AgreementLinePurpose.PrincipalDiscount,
        LedgerComponent.ArrearsInterest => AgreementLinePurpose.ArrearsWaiver,
        _ => AgreementLinePurpose.FeeWaiver,
    };
}

/// <summary>What close-of-day finds of an active agreement on a date.</summary>
public enum AgreementOutcome
{
    Active,
    Broken,
    Completed,
}

/// <summary>
/// Monitoring of a booked agreement (RULES §14), pure: on business date D the agreement obligation's installments (the
/// down payment and the agreed installments) are read as of the end of D. An installment is paid when its scheduled
/// amounts (principal, interest, insurance, other) are settled — arrears interest of a late payment does not keep it
/// open. <c>completed</c> when every installment is paid; <c>broken</c> when one is still unpaid more than
/// the grace days after its due date (due + grace &lt; D); otherwise <c>active</c>.
/// </summary>
public static class AgreementMonitor
{
    public static AgreementOutcome Evaluate(IReadOnlyList<InstallmentPosition> installments, int graceDays, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(installments);
        if (graceDays < 0)
        {
            throw new DomainException("invalid_value", "The agreement grace cannot be negative.", "grace_days");
        }

        static bool Paid(InstallmentPosition i) =>
            i.Outstanding(LedgerComponent.Principal) + i.Outstanding(LedgerComponent.Interest) + i.Outstanding(LedgerComponent.Insurance) + i.Outstanding(LedgerComponent.Other) == 0;

        if (installments.All(Paid))
        {
            return AgreementOutcome.Completed;
        }

        return installments.Any(i => !Paid(i) && i.DueDate.AddDays(graceDays) < date) ? AgreementOutcome.Broken : AgreementOutcome.Active;
    }
}
