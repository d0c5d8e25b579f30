using Cartera.Domain.Common;
using Cartera.Domain.Ledger;

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
    /// <summary>No cap row covers these days: <see cref="Cap"/> is the last published row carried forward (or, when the
    /// modality has no row at all and the contract leaves the rate to the legal maximum, none: nothing accrues).</summary>
    public bool CapAssumed { get; init; }

    public int Days => To.DayNumber - From.DayNumber + 1;

    public long Amount => PerDay * Days;
}

/// <summary>
/// An obligation's position: every installment's dues and settlements from the ledger lines with value date on or
/// before <see cref="MovementsThrough"/>, and the arrears interest accrued through <see cref="AccruedThrough"/>.
/// </summary>
public sealed class ObligationPosition
{
    internal ObligationPosition(ObligationFacts facts, DateOnly movementsThrough, DateOnly accruedThrough, IReadOnlyList<InstallmentPosition> installments, long creditBalance, IReadOnlyList<ArrearsSegment> segments, IReadOnlyCollection<DateOnly>? capAssumedMonths = null)
    {
        CapAssumedMonths = capAssumedMonths ?? [];
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

    /// <summary>
    /// The months (first day of each) in which some day's arrears rate rested on an assumed cap: no row of the table
    /// covered the day, so the last published cap was carried forward. Empty when every day had its own row.
    /// </summary>
    public IReadOnlyCollection<DateOnly> CapAssumedMonths { get; }

    /// <summary>Some day's arrears used an assumed cap (<see cref="CapAssumedMonths"/>).</summary>
    public bool CapAssumed => CapAssumedMonths.Count > 0;

    /// <summary>The arrears computation, segment by segment (filled when asked for an explanation).</summary>
    public IReadOnlyList<ArrearsSegment> Segments { get; }

    /// <summary>The arrears interest accrued on <see cref="AccruedThrough"/> itself (the day's accrual), all installments.</summary>
    public long ArrearsOnLastDay => Installments.Sum(i => i.ArrearsOnLastDay);

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

    private static ObligationPosition Compute(ObligationFacts facts, string capModality, ArrearsRateSource rates, DateOnly movementsThrough, DateOnly accrueThrough, bool explain)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(capModality);
        ArgumentNullException.ThrowIfNull(rates);

        // Installments by due date, then number (schedules usually arrive in that order: sorted only when they do not).
        var positions = new List<InstallmentPosition>(facts.Installments.Count);
        var sorted = true;
        for (var k = 0; k < facts.Installments.Count; k++)
        {
            var installment = facts.Installments[k];
            positions.Add(new InstallmentPosition(installment));
            if (k > 0 && Before(installment, facts.Installments[k - 1]))
            {
                sorted = false;
            }
        }

        if (!sorted)
        {
            positions = positions.OrderBy(i => i.DueDate).ThenBy(i => i.Number).ToList();
        }

        var index = new InstallmentIndex(positions);

        // Principal settlements per installment (only those that happened by the accrual date matter), by value date.
        var principalChanges = new List<(DateOnly Date, long Amount)>?[positions.Count];
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

            var at = index.Find(number);
            if (at < 0)
            {
                throw new DomainException("unknown_installment", $"Obligation {facts.ObligationId}: a ledger line names installment {number}, which does not exist.", "installment");
            }

            positions[at].Apply(m.Type, m.Component, m.AmountMinor);
            if (m.Component == LedgerComponent.Principal && m.Type == MovementType.Settlement && m.ValueDate <= accrueThrough)
            {
                (principalChanges[at] ??= []).Add((m.ValueDate, m.AmountMinor));
            }
        }

        var segments = explain ? new List<ArrearsSegment>() : null;
        SortedSet<DateOnly>? assumedMonths = null;
        for (var k = 0; k < positions.Count; k++)
        {
            var changes = principalChanges[k] ?? [];
            if (changes.Count > 1)
            {
                changes.Sort((a, b) => a.Date.CompareTo(b.Date));
            }

            Accrue(facts, capModality, rates, positions[k], changes, accrueThrough, segments, ref assumedMonths);
        }

        return new ObligationPosition(facts, movementsThrough, accrueThrough, positions, credit, (IReadOnlyList<ArrearsSegment>?)segments ?? [], assumedMonths);
    }

    private static bool Before(ScheduledInstallment a, ScheduledInstallment b) =>
        a.DueDate < b.DueDate || (a.DueDate == b.DueDate && a.Number < b.Number);

    /// <summary>
    /// Arrears interest of one installment for the days DueDate+1 … <paramref name="through"/>: each day,
    /// round_half_even(principal unpaid at the end of that day's payments × daily rate of min(contract, cap that day)).
    /// Days are grouped into stretches where principal and rate are constant.
    /// </summary>
    private static void Accrue(ObligationFacts facts, string modality, ArrearsRateSource rates, InstallmentPosition position, List<(DateOnly Date, long Amount)> changes, DateOnly through, List<ArrearsSegment>? segments, ref SortedSet<DateOnly>? assumedMonths)
    {
        var day = position.DueDate.AddDays(1);
        if (through < day || position.PrincipalDue == 0)
        {
            return;
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
                var (ea, cap, assumed) = rates.RateOn(facts.ContractArrearsEa, modality, day);
                if (assumed)
                {
                    assumedMonths ??= [];
                    for (var month = new DateOnly(day.Year, day.Month, 1); month <= end; month = month.AddMonths(1))
                    {
                        assumedMonths.Add(month);
                    }
                }

                var daily = rates.Daily(ea);
                var perDay = (long)decimal.Round(unpaid * daily, 0, MidpointRounding.ToEven);
                total += perDay * (end.DayNumber - day.DayNumber + 1);
                if (end == through)
                {
                    position.ArrearsOnLastDay = perDay;
                }

                segments?.Add(new ArrearsSegment(position.Number, day, end, unpaid, ea, daily, cap, perDay) { CapAssumed = assumed });
            }

            day = end.AddDays(1);
            while (next < changes.Count && changes[next].Date <= day)
            {
                settled += changes[next++].Amount;
            }
        }

        position.ArrearsAccrued = total;
    }

    /// <summary>Finds an installment's position by number: by place when numbers run 1, 2, 3… in order, else through a map.</summary>
    private readonly struct InstallmentIndex
    {
        private readonly List<InstallmentPosition> _positions;
        private readonly Dictionary<int, int>? _byNumber;

        public InstallmentIndex(List<InstallmentPosition> positions)
        {
            _positions = positions;
            for (var k = 0; k < positions.Count; k++)
            {
                if (positions[k].Number != k + 1)
                {
                    _byNumber = [];
                    for (var j = 0; j < positions.Count; j++)
                    {
                        _byNumber.TryAdd(positions[j].Number, j);
                    }

                    break;
                }
            }
        }

        public int Find(int number)
        {
            if (_byNumber is not null)
            {
                return _byNumber.TryGetValue(number, out var at) ? at : -1;
            }

            return number >= 1 && number <= _positions.Count ? number - 1 : -1;
        }
    }
}
