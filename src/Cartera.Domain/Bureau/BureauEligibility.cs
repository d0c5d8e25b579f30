namespace Cartera.Domain.Bureau;

/// <summary>The credit-bureau rules Cartera applies (RULES §8), chosen by the debtor's country.</summary>
public enum BureauJurisdiction
{
    /// <summary>Ley 1266 de 2008 as amended by Ley 2157 de 2021: prior notice, small debts, permanence, expiry.</summary>
    Colombia,

    /// <summary>FCRA §623 and Metro 2 account status codes.</summary>
    UnitedStates,

    /// <summary>LOPDGDD art. 20: €50 minimum, previous demand with notice, 5 years.</summary>
    Spain,
}

/// <summary>A candidate's line: <c>reported</c> (it goes to the bureau) or <c>refused</c> (it must not, with the reason).</summary>
public enum BureauLineStatus
{
    Reported,
    Refused,
}

/// <summary>What a reported line tells the bureau.</summary>
public enum BureauAction
{
    /// <summary>The account's delinquency (first negative report or its monthly update).</summary>
    Delinquency,

    /// <summary>A previously reported account whose arrears are now paid: the bureau corrects it to current or paid.</summary>
    Correction,

    /// <summary>A previously reported account that must go (dispute upheld, expired): the bureau deletes it.</summary>
    Deletion,
}

/// <summary>
/// What the rules need to know about one obligation on the report date: its country, the close-of-day figures of that
/// date (DPD, the oldest unpaid due date, the amount overdue in minor units of <see cref="Currency"/>), its state, the
/// compliance holds and the delivery dates of its prior notices (notices not delivered do not count).
/// </summary>
public sealed record BureauFacts(
    string Country,
    int Dpd,
    DateOnly? OldestUnpaidDueDate,
    long OverdueMinor,
    string Currency,
    IReadOnlyList<DateOnly> NoticesDelivered)
{
    /// <summary>The obligation is paid in full (closed with a zero balance).</summary>
    public bool PaidOff { get; init; }

    /// <summary>The obligation was written off (castigada).</summary>
    public bool ChargedOff { get; init; }

    /// <summary>The debtor is placed with a collection agency.</summary>
    public bool AssignedToCollections { get; init; }

    /// <summary>A dispute (reclamo) of the debtor is open: a compliance dispute hold.</summary>
    public bool DisputeOpen { get; init; }

    /// <summary>A dispute about this obligation was upheld: a reported account must be deleted.</summary>
    public bool DisputeUpheld { get; init; }

    /// <summary>The account was reported before and has not been corrected or deleted since.</summary>
    public bool PreviouslyReported { get; init; }
}

/// <summary>
/// The decision for one candidate: reported or refused, the reason code (docs/user/bureau.md lists them in Spanish and
/// English), what a reported line says, the prior notice the decision rests on (or the latest one seen, when it was too
/// recent), the Metro 2 account status and whether the line carries the dispute mark.
/// </summary>
public sealed record BureauDecision(
    BureauLineStatus Status,
    string Reason,
    BureauAction Action,
    DateOnly? NoticeDeliveredOn,
    string AccountStatus,
    bool Disputed);

/// <summary>
/// RULES §8 as pure functions: whether an obligation may be reported to a credit bureau on a date, and how.
/// <list type="bullet">
/// <item>Colombia: a first negative report needs a prior notice delivered at least <see cref="ColombiaNoticeDays"/>
/// calendar days before the report date and after the debt fell due; a small debt (overdue ≤ 15 % of the monthly
/// minimum wage of the report date's year) needs two notices delivered on different days, the later one at least 20
/// days before. A year missing from the wage table refuses (fail closed). Unpaid debts expire
/// <see cref="ColombiaExpiryYears"/> years after falling due.</item>
/// <item>United States: no prior notice (FCRA §623(a)(7) asks for one no later than 30 days after the first negative
/// report); the Metro 2 account status comes from DPD and state (<see cref="Metro2Status"/>); 7 years from the first
/// delinquency (FCRA §605).</item>
/// <item>Spain: at least €50 overdue, a previous demand for payment delivered before the report date, at most
/// <see cref="SpainMaxYears"/> years from the due date.</item>
/// </list>
/// A dispute in progress never starts a negative report (held: <c>dispute_open</c>); an account already reported is
/// reported with the dispute mark (<c>dispute_in_progress</c>). A reported account whose arrears are paid gets a
/// correction; a reported account whose dispute was upheld, or that expired, a deletion.
/// </summary>
public static class BureauEligibility
{
    public const int ColombiaNoticeDays = 20;
    public const int ColombiaSmallDebtPercent = 15;
    public const int ColombiaExpiryYears = 8;
    public const int UnitedStatesMaxYears = 7;
    public const int SpainMaxYears = 5;
    public const long SpainMinimumMinor = 50_00;

    /// <summary>The jurisdiction of a debtor's country, or null when Cartera has no bureau rules for it.</summary>
    public static BureauJurisdiction? JurisdictionOf(string country) => country.ToUpperInvariant() switch
    {
        "CO" => BureauJurisdiction.Colombia,
        "US" => BureauJurisdiction.UnitedStates,
        "ES" => BureauJurisdiction.Spain,
        _ => null,
    };

    public static BureauDecision Decide(BureauFacts facts, DateOnly reportDate, MinimumWageTable wages)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(wages);
        var status = Metro2Status(facts.Dpd, facts.PaidOff, facts.ChargedOff, facts.AssignedToCollections);
        var notices = facts.NoticesDelivered
            .Where(d => d <= reportDate && (facts.OldestUnpaidDueDate is not { } due || d > due))
            .Distinct().Order().ToList();
        var latest = notices.Count > 0 ? notices[^1] : (DateOnly?)null;
        BureauDecision Refused(string reason, DateOnly? notice = null) => new(BureauLineStatus.Refused, reason, BureauAction.Delinquency, notice ?? latest, status, false);
        BureauDecision Reported(string reason, BureauAction action, string accountStatus, DateOnly? notice = null) =>
            new(BureauLineStatus.Reported, reason, action, notice ?? latest, accountStatus, facts.DisputeOpen && action == BureauAction.Delinquency);

        if (JurisdictionOf(facts.Country) is not { } jurisdiction)
        {
            return Refused("unsupported_jurisdiction");
        }

        if (facts.DisputeUpheld)
        {
            return facts.PreviouslyReported ? Reported("dispute_upheld", BureauAction.Deletion, "DA") : Refused("dispute_upheld");
        }

        if (facts.Dpd <= 0)
        {
            return facts.PreviouslyReported ? Reported("paid", BureauAction.Correction, facts.PaidOff ? "13" : "11") : Refused("not_past_due");
        }

        if (Expired(jurisdiction, facts.OldestUnpaidDueDate, reportDate))
        {
            return facts.PreviouslyReported ? Reported("expired", BureauAction.Deletion, "DA") : Refused("expired");
        }

        if (facts.PreviouslyReported)
        {
            return Reported(facts.DisputeOpen ? "dispute_in_progress" : "past_due", BureauAction.Delinquency, status);
        }

        if (facts.DisputeOpen)
        {
            return Refused("dispute_open");
        }

        return jurisdiction switch
        {
            BureauJurisdiction.Colombia => Colombia(facts, reportDate, wages, notices, Refused, Reported, status),
            BureauJurisdiction.Spain => Spain(facts, reportDate, notices, Refused, Reported, status),
            _ => Reported("past_due", BureauAction.Delinquency, status),
        };
    }

    private static BureauDecision Colombia(
        BureauFacts facts, DateOnly reportDate, MinimumWageTable wages, List<DateOnly> notices,
        Func<string, DateOnly?, BureauDecision> refused, Func<string, BureauAction, string, DateOnly?, BureauDecision> reported, string status)
    {
        if (SmallDebt(facts, reportDate, wages) is not { } small)
        {
            return refused("minimum_wage_missing", null);
        }

        var lastAllowed = reportDate.AddDays(-ColombiaNoticeDays);
        var old = notices.Where(d => d <= lastAllowed).ToList();
        var needed = small ? 2 : 1;
        if (old.Count >= needed)
        {
            return reported(small ? "two_notices_delivered" : "notice_delivered", BureauAction.Delinquency, status, old[^1]);
        }

        if (notices.Count >= needed)
        {
            return refused("notice_too_recent", null);
        }

        return refused(small && notices.Count == 1 ? "second_notice_missing" : "no_notice", null);
    }

    private static BureauDecision Spain(
        BureauFacts facts, DateOnly reportDate, List<DateOnly> notices,
        Func<string, DateOnly?, BureauDecision> refused, Func<string, BureauAction, string, DateOnly?, BureauDecision> reported, string status)
    {
        if (!string.Equals(facts.Currency, "EUR", StringComparison.OrdinalIgnoreCase))
        {
            return refused("currency_not_eur", null);
        }

        if (facts.OverdueMinor < SpainMinimumMinor)
        {
            return refused("below_minimum", null);
        }

        var before = notices.Where(d => d < reportDate).ToList();
        return before.Count > 0 ? reported("demand_delivered", BureauAction.Delinquency, status, before[^1]) : refused("no_notice", null);
    }

    /// <summary>
    /// Colombia: whether the overdue amount is at most 15 % of the monthly minimum wage of the report date's year; null
    /// when the table has no wage for that year or it is in another currency (the caller fails closed).
    /// </summary>
    public static bool? SmallDebt(BureauFacts facts, DateOnly reportDate, MinimumWageTable wages)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(wages);
        if (wages.For(facts.Country, reportDate) is not { } wage || !string.Equals(wage.Currency, facts.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // overdue ≤ wage × 15 / 100, compared without rounding: overdue × 100 ≤ wage × 15.
        return checked(facts.OverdueMinor * 100) <= checked(wage.AmountMinor * ColombiaSmallDebtPercent);
    }

    /// <summary>Whether the debt is too old to report: Colombia 8, the US 7, Spain 5 years after it fell due.</summary>
    public static bool Expired(BureauJurisdiction jurisdiction, DateOnly? oldestUnpaidDueDate, DateOnly reportDate)
    {
        if (oldestUnpaidDueDate is not { } due)
        {
            return false;
        }

        var years = jurisdiction switch
        {
            BureauJurisdiction.Colombia => ColombiaExpiryYears,
            BureauJurisdiction.UnitedStates => UnitedStatesMaxYears,
            _ => SpainMaxYears,
        };
        return due.AddYears(years) <= reportDate;
    }

    /// <summary>
    /// Colombia: the last day the negative record of a debt paid on <paramref name="paidOn"/> after
    /// <paramref name="daysInDefault"/> days in default may stay at the bureau — twice the time in default, at most 4
    /// years from payment (Ley 2157 de 2021). The bureau keeps it; Cartera documents it and reports the payment.
    /// </summary>
    public static DateOnly ColombiaPermanenceUntil(DateOnly paidOn, int daysInDefault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(daysInDefault);
        var twice = paidOn.AddDays(checked(daysInDefault * 2));
        var cap = paidOn.AddYears(4);
        return twice < cap ? twice : cap;
    }

    /// <summary>
    /// The Metro 2 account status (RULES §8): 97 charged off, 93 assigned to collections, 13 paid, 11 current (0–29 DPD),
    /// 71 30–59, 78 60–89, 80 90–119, 82 120–149, 83 150–179, 84 180+. DA (delete) is chosen by <see cref="Decide"/>.
    /// </summary>
    public static string Metro2Status(int dpd, bool paidOff, bool chargedOff, bool assignedToCollections) => (dpd, paidOff, chargedOff, assignedToCollections) switch
    {
        (_, _, true, _) => "97",
        (_, _, _, true) when dpd > 0 => "93",
        (_, true, _, _) => "13",
        ( < 30, _, _, _) => "11",
        ( < 60, _, _, _) => "71",
        ( < 90, _, _, _) => "78",
        ( < 120, _, _, _) => "80",
        ( < 150, _, _, _) => "82",
        ( < 180, _, _, _) => "83",
        _ => "84",
    };

    /// <summary>The Metro 2 payment rating that accompanies statuses 13, 93 and 97 (0 current … 6 180+, L charged off); blank otherwise.</summary>
    public static string Metro2PaymentRating(string accountStatus, int dpd) => accountStatus switch
    {
        "97" => "L",
        "13" or "93" => dpd switch
        {
            < 30 => "0",
            < 60 => "1",
            < 90 => "2",
            < 120 => "3",
            < 150 => "4",
            < 180 => "5",
            _ => "6",
        },
        _ => string.Empty,
    };

    /// <summary>
    /// The Colombian novelty (novedad) of a line in the <c>datacredito</c> layout: 01 current, 05 paid, 06 1–30 DPD,
    /// 07 31–60, 08 61–90, 09 91–120, 10 more than 120, 13 written off, 14 deletion.
    /// </summary>
    public static string ColombiaNovelty(BureauDecision decision, int dpd, bool paidOff, bool chargedOff)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Action switch
        {
            BureauAction.Deletion => "14",
            BureauAction.Correction => paidOff ? "05" : "01",
            _ when chargedOff => "13",
            _ => dpd switch
            {
                <= 0 => "01",
                <= 30 => "06",
                <= 60 => "07",
                <= 90 => "08",
                <= 120 => "09",
                _ => "10",
            },
        };
    }
}
