using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Scoring.Portfolio;

/// <summary>A scheduled due (one installment's total) or a payment received: a date and an amount in minor units.</summary>
public readonly record struct DatedAmount(DateOnly Date, long AmountMinor);

/// <summary>One obligation of a debtor as the features see it: its kind, issue date and original principal.</summary>
public sealed record ObligationSummary(long ObligationId, ObligationKind Kind, DateOnly IssueDate, long PrincipalMinor);

/// <summary>
/// A debtor's history on a monthly grid: <c>Grid[k]</c> = as-of date − k months (k = 0 is the most recent). For each grid
/// date, over the debtor's obligations issued by then: the largest DPD, the total due (overdue components, arrears and
/// fees), the outstanding principal and how many obligations were live. <see cref="Dues"/> are the installments' totals by
/// due date, <see cref="Payments"/> the money received by value date (reversals netted), <see cref="Contacts"/> the dates
/// of contact attempts and whether each reached the debtor (a conversation with the debtor), <see cref="Commitments"/>
/// the promises and agreements with how and when they ended. Amounts in minor units of
/// one currency; <see cref="MinorDigits"/> converts them to major units for the amount features.
/// </summary>
public sealed class DebtorHistory
{
    public required long DebtorId { get; init; }

    public required IReadOnlyList<DateOnly> Grid { get; init; }

    public required int[] MaxDpd { get; init; }

    public required long[] TotalDue { get; init; }

    public required long[] OutstandingPrincipal { get; init; }

    /// <summary>The overdue scheduled components (principal, interest, insurance, other) — total due without arrears interest and fees.</summary>
    public long[]? OverdueScheduled { get; init; }

    public required int[] LiveObligations { get; init; }

    public required IReadOnlyList<ObligationSummary> Obligations { get; init; }

    public required IReadOnlyList<DatedAmount> Dues { get; init; }

    public required IReadOnlyList<DatedAmount> Payments { get; init; }

    public IReadOnlyList<(DateOnly Date, bool RightParty)> Contacts { get; init; } = [];

    /// <summary>The debtor's promises to pay and payment agreements (<see cref="ICommitmentHistory"/>).</summary>
    public IReadOnlyList<CommitmentFact> Commitments { get; init; } = [];

    public int MinorDigits { get; init; } = 2;

    public DateOnly FirstIssue => Obligations.Count == 0 ? Grid[0] : Obligations.Min(o => o.IssueDate);

    /// <summary>Σ payments with value date in (from, to].</summary>
    public long Paid(DateOnly from, DateOnly to) => Payments.Where(p => p.Date > from && p.Date <= to).Sum(p => p.AmountMinor);

    /// <summary>Σ scheduled dues with due date in (from, to].</summary>
    public long Due(DateOnly from, DateOnly to) => Dues.Where(d => d.Date > from && d.Date <= to).Sum(d => d.AmountMinor);
}

/// <summary>
/// The in-product features of a debtor at a grid date, computed from a <see cref="DebtorHistory"/> (pure; no database).
/// <see cref="Definitions"/> is the fixed schema (docs/scoring.md, "In-product features"). Promises and agreements
/// count only as known at the grid date: made by then, kept or broken by then.
/// </summary>
public static class PortfolioFeatures
{
    public const string Format = "portfolio";

    /// <summary>Months of history a feature vector reads behind its date (the grid needs this many more points).</summary>
    public const int HistoryMonths = 12;

    private static readonly ObligationKind[] Kinds = Enum.GetValues<ObligationKind>();

    public static IReadOnlyList<FeatureDefinition> Definitions { get; } =
    [
        new("dpd_now", "dpd_now"),
        new("max_dpd_6m", "max_dpd_6m"),
        new("max_dpd_12m", "max_dpd_12m"),
        new("months_late_6m", "months_late_6m"),
        new("months_late_12m", "months_late_12m"),
        new("pay_ratio_1m", "pay_ratio_1m"),
        new("pay_ratio_3m", "pay_ratio_3m"),
        new("pay_ratio_6m", "pay_ratio_6m"),
        new("balance_trend_6m", "balance_trend_6m"),
        new("principal_outstanding_share", "principal_outstanding_share"),
        new("total_due_log", "total_due", FeatureScale.Log1p),
        new("exposure_log", "exposure", FeatureScale.Log1p),
        new("obligations", "obligations"),
        .. Kinds.Select(k => new FeatureDefinition("product_" + EnumCodes.ToCode(k), "product_kind", Category: "product_" + EnumCodes.ToCode(k))),
        new("relationship_months", "relationship_months"),
        new("contacts_90d", "contacts_90d"),
        new("right_party_contacts_90d", "right_party_contacts_90d"),
        new("promises_12m", "promises_12m"),
        new("promises_kept_12m", "promises_kept_12m"),
        new("promises_broken_12m", "promises_broken_12m"),
        new("agreements_24m", "agreements_24m"),
    ];

    /// <summary>Whether the debtor had an obligation issued by grid date <paramref name="k"/> (else there is nothing to score).</summary>
    public static bool Exists(DebtorHistory history, int k)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Obligations.Any(o => o.IssueDate <= history.Grid[k]);
    }

    /// <summary>The feature vector at grid date <paramref name="k"/>, in the order of <see cref="Definitions"/>.</summary>
    public static float[] Compute(DebtorHistory history, int k)
    {
        ArgumentNullException.ThrowIfNull(history);
        var grid = history.Grid;
        var date = grid[k];
        int At(int months) => Math.Min(k + months, grid.Count - 1);
        var scale = Math.Pow(10, history.MinorDigits);
        var live = history.Obligations.Where(o => o.IssueDate <= date).ToList();
        var originalPrincipal = live.Sum(o => o.PrincipalMinor);
        var values = new List<float>(Definitions.Count)
        {
            history.MaxDpd[k],
            Max(history.MaxDpd, k, At(6)),
            Max(history.MaxDpd, k, At(12)),
            Count(history.MaxDpd, k, At(5)),
            Count(history.MaxDpd, k, At(11)),
            PayRatio(history, date.AddMonths(-1), date),
            PayRatio(history, date.AddMonths(-3), date),
            PayRatio(history, date.AddMonths(-6), date),
            Trend(history.OutstandingPrincipal[k] + history.TotalDue[k], history.OutstandingPrincipal[At(6)] + history.TotalDue[At(6)]),
            originalPrincipal <= 0 ? 0f : (float)Math.Clamp((double)history.OutstandingPrincipal[k] / originalPrincipal, 0, 1.5),
            (float)Math.Log(1 + (history.TotalDue[k] / scale)),
            (float)Math.Log(1 + ((history.OutstandingPrincipal[k] + history.TotalDue[k]) / scale)),
            history.LiveObligations[k],
        };
        foreach (var kind in Kinds)
        {
            values.Add(live.Count == 0 ? 0f : (float)live.Count(o => o.Kind == kind) / live.Count);
        }

        values.Add(live.Count == 0 ? 0f : Math.Max(0, MonthsBetween(live.Min(o => o.IssueDate), date)));
        var since = date.AddDays(-90);
        values.Add(history.Contacts.Count(c => c.Date > since && c.Date <= date));
        values.Add(history.Contacts.Count(c => c.RightParty && c.Date > since && c.Date <= date));
        var year = date.AddMonths(-12);
        var promises = history.Commitments.Where(c => c.Kind == CommitmentKind.Promise).ToList();
        values.Add(promises.Count(c => c.MadeOn > year && c.MadeOn <= date));
        values.Add(promises.Count(c => c.Kept == true && c.SettledOn > year && c.SettledOn <= date));
        values.Add(promises.Count(c => c.Kept == false && c.SettledOn > year && c.SettledOn <= date));
        var twoYears = date.AddMonths(-24);
        values.Add(history.Commitments.Count(c => c.Kind == CommitmentKind.Agreement && c.MadeOn > twoYears && c.MadeOn <= date));
        return [.. values];
    }

    /// <summary>
    /// Paid ÷ due over (from, to]: money received against the installments that fell due in the window. Nothing due counts
    /// as 1 (nothing was missed), clipped to [0, 2] — the conventions of the Taiwan pay ratios.
    /// </summary>
    public static float PayRatio(DebtorHistory history, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(history);
        var due = history.Due(from, to);
        if (due <= 0)
        {
            return 1f;
        }

        return (float)Math.Clamp((double)history.Paid(from, to) / due, 0, 2);
    }

    /// <summary>(now − then) ÷ then, clipped to [−1, 3]; 0 when there was nothing then.</summary>
    public static float Trend(long now, long then) => then <= 0 ? 0f : (float)Math.Clamp((double)(now - then) / then, -1, 3);

    public static int MonthsBetween(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month - (to.Day < from.Day ? 1 : 0);

    private static float Max(int[] values, int from, int to)
    {
        var max = 0;
        for (var i = from; i <= to; i++)
        {
            max = Math.Max(max, values[i]);
        }

        return max;
    }

    private static float Count(int[] values, int from, int to)
    {
        var count = 0;
        for (var i = from; i <= to; i++)
        {
            count += values[i] > 0 ? 1 : 0;
        }

        return count;
    }
}

/// <summary>
/// The training label (docs/scoring.md, "Label"): at an observation date t, the amount due in the next 30 days is the
/// overdue scheduled amount at t (principal, interest, insurance, other — not arrears interest or fees, which are charges
/// a debtor often negotiates away) plus the installments falling due in (t, t + 30]; the debtor <b>pays</b> when the money
/// received in (t, t + 30] reaches it. The model's positive class is the failure to pay (as for the public sets, positive = the bad outcome); the
/// product shows the probability of payment, 1 − p. A debtor with nothing due in the window has no label.
/// </summary>
public static class PaymentLabel
{
    public const int WindowDays = 30;

    /// <summary>True = did not pay the amount due; null = nothing was due.</summary>
    public static bool? FailsToPay(DebtorHistory history, int k)
    {
        ArgumentNullException.ThrowIfNull(history);
        var due = AmountDue(history, k);
        if (due <= 0)
        {
            return null;
        }

        var t = history.Grid[k];
        return !Pays(history.Paid(t, t.AddDays(WindowDays)), due);
    }

    /// <summary>The amount due at grid date k: the overdue scheduled amount plus the installments falling due in (t, t + 30].</summary>
    public static long AmountDue(DebtorHistory history, int k)
    {
        ArgumentNullException.ThrowIfNull(history);
        var t = history.Grid[k];
        return (history.OverdueScheduled ?? history.TotalDue)[k] + history.Due(t, t.AddDays(WindowDays));
    }

    /// <summary>The payment rule of the label, shared with the champion/challenger outcomes: the money received reaches the amount due.</summary>
    public static bool Pays(long paidMinor, long dueMinor) => paidMinor >= dueMinor;
}
