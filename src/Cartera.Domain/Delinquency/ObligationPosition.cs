using Cartera.Domain.Common;

namespace Cartera.Domain.Delinquency;

/// <summary>
/// A stretch of days over which one installment accrued arrears interest at a constant daily amount: the unpaid
/// principal, the annual rate used (contract or cap), its daily equivalent, the cap row that bounded it, the amount
/// per day (rounded half-even) and the total. This is how the obligation page explains its arrears figure.
/// </summary>
public sealed record ArrearsSegment(
    int InstallmentNumber,
    DateOnly From,
    DateOnly To,
    long UnpaidPrincipal,
    decimal AnnualRate,
    decimal DailyRate,
    UsuryCap? Cap,
    long PerDay)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    public long Amount => PerDay * Days;
}

/// <summary>
/// An obligation's position: every installment's dues and settlements from the ledger lines with value date on or
/// before <see cref="MovementsThrough"/>, and the arrears interest accrued through <see cref="AccruedThrough"/>.
/// </summary>
public sealed class ObligationPosition
{
    internal ObligationPosition(ObligationFacts facts, DateOnly movementsThrough, DateOnly accruedThrough, IReadOnlyList<InstallmentPosition> installments, long creditBalance, IReadOnlyList<ArrearsSegment> segments)
    {
        Facts = facts;
        MovementsThrough = movementsThrough;
        AccruedThrough = accruedThrough;
        Installments = installments;
        CreditBalance = creditBalance;
        Segments = segments;
    }

    public ObligationFacts Facts { get; }

    public DateOnly MovementsThrough { get; }

    public DateOnly AccruedThrough { get; }

    /// <summary>Installments ordered by due date, then number.</summary>
    public IReadOnlyList<InstallmentPosition> Installments { get; }

    /// <summary>Money held for the debtor (never negative on a coherent ledger).</summary>
    public long CreditBalance { get; }

    /// <summary>The arrears computation, segment by segment (filled when asked for an explanation).</summary>
    public IReadOnlyList<ArrearsSegment> Segments { get; }

    public InstallmentPosition Installment(int number) =>
        Installments.FirstOrDefault(i => i.Number == number)
        ?? throw new DomainException("unknown_installment", $"Obligation {Facts.ObligationId} has no installment {number}.", "installment");
}

/// <summary>
/// Replays an obligation's ledger over its schedule (RULES §2, §3, §5). Pure and deterministic: the same facts, caps and
/// dates always give the same position, whatever order the lines were booked in — the ledger is the truth.
/// </summary>
public static class PositionCalculator
{
    /// <summary>The position at the end of <paramref name="date"/>: that day's payments applied and its arrears accrued.</summary>
    public static ObligationPosition EndOfDay(ObligationFacts facts, string capModality, ArrearsRateSource rates, DateOnly date, bool explain = false) =>
        Compute(facts, capModality, rates, date, date, explain);

    /// <summary>
    /// The position a payment received on <paramref name="date"/> meets: lines of that date already posted applied, arrears
    /// accrued through the day before (a payment is allocated before the day's accrual).
    /// </summary>
    public static ObligationPosition BeforeAccrual(ObligationFacts facts, string capModality, ArrearsRateSource rates, DateOnly date) =>
        Compute(facts, capModality, rates, date, date.AddDays(-1), explain: false);

    public static ObligationPosition Compute(ObligationFacts facts, string capModality, ArrearsRateSource rates, DateOnly movementsThrough, DateOnly accrueThrough, bool explain)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(capModality);
        ArgumentNullException.ThrowIfNull(rates);

        var positions = facts.Installments
            .OrderBy(i => i.DueDate).ThenBy(i => i.Number)
            .Select(i => new InstallmentPosition(i))
            .ToList();
        var byNumber = positions.ToDictionary(p => p.Number);

        long credit = 0;
        foreach (var m in facts.Movements)
        {
            if (m.ValueDate > movementsThrough)
            {
                continue;
            }

            if (m.InstallmentNumber is not { } number)
            {
                if (m.Component == LedgerComponent.CreditBalance)
                {
                    credit += m.AmountMinor;
                }

                continue; // disbursements and other obligation-level lines do not change installments
            }

            if (!byNumber.TryGetValue(number, out var position))
            {
                throw new DomainException("unknown_installment", $"Obligation {facts.ObligationId}: a ledger line names installment {number}, which does not exist.", "installment");
            }

            position.Apply(m.Type, m.Component, m.AmountMinor);
        }

        // Principal settlements by installment and value date (only those that happened by the accrual date matter).
        var principalChanges = facts.Movements
            .Where(m => m.InstallmentNumber is not null && m.Component == LedgerComponent.Principal && m.Type == MovementType.Settlement && m.ValueDate <= accrueThrough)
            .GroupBy(m => m.InstallmentNumber!.Value)
            .ToDictionary(
                g => g.Key,
                g => g.GroupBy(m => m.ValueDate).Select(d => (Date: d.Key, Amount: d.Sum(m => m.AmountMinor))).OrderBy(c => c.Date).ToList());
        var segments = explain ? new List<ArrearsSegment>() : null;
        foreach (var position in positions)
        {
            var changes = principalChanges.GetValueOrDefault(position.Number) ?? [];
            position.ArrearsAccrued = Accrue(facts, capModality, rates, position, changes, accrueThrough, segments);
        }

        return new ObligationPosition(facts, movementsThrough, accrueThrough, positions, credit, (IReadOnlyList<ArrearsSegment>?)segments ?? []);
    }

    /// <summary>
    /// Arrears interest of one installment for the days DueDate+1 … <paramref name="through"/>: each day,
    /// round_half_even(principal unpaid at the end of that day's payments × daily rate of min(contract, cap that day)).
    /// Days are grouped into stretches where principal and rate are constant.
    /// </summary>
    private static long Accrue(ObligationFacts facts, string modality, ArrearsRateSource rates, InstallmentPosition position, List<(DateOnly Date, long Amount)> changes, DateOnly through, List<ArrearsSegment>? segments)
    {
        var day = position.DueDate.AddDays(1);
        if (through < day || position.PrincipalDue == 0)
        {
            return 0;
        }

        var settled = 0L;
        var next = 0;
        while (next < changes.Count && changes[next].Date <= day)
        {
            settled += changes[next++].Amount;
        }

        long total = 0;
        while (day <= through)
        {
            var end = through;
            if (next < changes.Count && changes[next].Date.AddDays(-1) < end)
            {
                end = changes[next].Date.AddDays(-1);
            }

            if (rates.Caps.NextChangeAfter(modality, day) is { } capChange && capChange.AddDays(-1) < end)
            {
                end = capChange.AddDays(-1);
            }

            var unpaid = position.PrincipalDue - settled;
            if (unpaid > 0)
            {
                var (ea, cap) = rates.RateOn(facts.ContractArrearsEa, modality, day);
                var daily = rates.Daily(ea);
                var perDay = (long)decimal.Round(unpaid * daily, 0, MidpointRounding.ToEven);
                var segment = new ArrearsSegment(position.Number, day, end, unpaid, ea, daily, cap, perDay);
                total += segment.Amount;
                segments?.Add(segment);
            }

            day = end.AddDays(1);
            while (next < changes.Count && changes[next].Date <= day)
            {
                settled += changes[next++].Amount;
            }
        }

        return total;
    }
}
