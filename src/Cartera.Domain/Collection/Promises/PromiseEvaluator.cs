namespace Cartera.Domain.Collection.Promises;

/// <summary>A payment counted toward a promise: its value date and amount in minor units of the promise's currency.</summary>
public readonly record struct CountedPayment(DateOnly ValueDate, long AmountMinor);

/// <summary>
/// One installment on the evaluation date: its status, the date it was kept (null unless kept) and the amount counted
/// toward it, <c>min(max(S(min(D, due + g)) − P_{k−1}, 0), amount)</c>.
/// </summary>
public sealed record PromiseInstallmentOutcome(int Number, DateOnly DueOn, long AmountMinor, PromiseInstallmentStatus Status, DateOnly? KeptOn, long CountedMinor);

/// <summary>
/// The promise on the evaluation date: its status; <see cref="SettledOn"/> is the day it was kept (the last
/// installment's kept date), broken (the day after the first failing installment's grace ended) or cancelled; null
/// while pending.
/// </summary>
public sealed record PromiseOutcome(PromiseStatus Status, DateOnly? SettledOn, IReadOnlyList<PromiseInstallmentOutcome> Installments)
{
    public long CountedMinor => Installments.Sum(i => i.CountedMinor);
}

/// <summary>
/// RULES §13: the status of a promise and of each installment on business date D, from the payments counted toward it.
/// Pure and deterministic: the same terms, payments and date give the same answer, so the status of any past date can
/// be recomputed.
/// <list type="bullet">
/// <item>Counted payments: those with value date ≥ the date the promise was made (M) and ≤ D, on the obligations in
/// scope, in value-date order, cumulatively: S(t) = their sum through day t; P_k = promised through installment k.</item>
/// <item>Installment k is <b>kept</b> on the first day t ≤ min(D, due_k + g) with S(t) ≥ P_k × (1 − τ) (compared exactly
/// in decimal, no rounding); <b>pending</b> while D ≤ due_k + g and not kept; afterwards <b>partial</b> if
/// S(due_k + g) &gt; P_{k−1}, else <b>broken</b>.</item>
/// <item>The promise is <b>kept</b> when every installment is kept, <b>broken</b> when one is partial or broken (the
/// installments after the first failing one are <b>cancelled</b>), otherwise <b>pending</b>.</item>
/// <item>A promise cancelled on C is evaluated as of min(D, C); its installments still pending then are cancelled.</item>
/// </list>
/// </summary>
public static class PromiseEvaluator
{
    public static PromiseOutcome Evaluate(PromiseTerms terms, IEnumerable<CountedPayment> payments, PromiseRules rules, DateOnly asOf, DateOnly? cancelledOn = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(rules);
        var cancelled = cancelledOn is { } c && c <= asOf;
        var date = cancelled ? cancelledOn!.Value : asOf;

        // S(t) as a step function: the days with payments and the running sum after each.
        var days = new List<(DateOnly Day, long Sum)>();
        long running = 0;
        foreach (var group in payments.Where(p => p.ValueDate >= terms.MadeOn && p.ValueDate <= date).GroupBy(p => p.ValueDate).OrderBy(g => g.Key))
        {
            foreach (var p in group)
            {
                running = checked(running + p.AmountMinor);
            }

            days.Add((group.Key, running));
        }

        long SumThrough(DateOnly t)
        {
            long s = 0;
            foreach (var (day, sum) in days)
            {
                if (day > t)
                {
                    break;
                }

                s = sum;
            }

            return s;
        }

        DateOnly? FirstReaching(decimal threshold, DateOnly through)
        {
            foreach (var (day, sum) in days)
            {
                if (day > through)
                {
                    return null;
                }

                if (sum >= threshold)
                {
                    return day;
                }
            }

            return null;
        }

        var outcomes = new List<PromiseInstallmentOutcome>(terms.Installments.Count);
        long before = 0; // P_{k−1}
        DateOnly? failedOn = null;
        foreach (var installment in terms.Installments)
        {
            var through = checked(before + installment.AmountMinor); // P_k
            if (failedOn is not null)
            {
                outcomes.Add(new(installment.Number, installment.DueOn, installment.AmountMinor, PromiseInstallmentStatus.Cancelled, null, 0));
                before = through;
                continue;
            }

            var deadline = rules.Deadline(installment.DueOn);
            var horizon = date < deadline ? date : deadline;
            var counted = Math.Min(Math.Max(SumThrough(horizon) - before, 0), installment.AmountMinor);
            var keptOn = FirstReaching(through * (1m - rules.Tolerance), horizon);
            PromiseInstallmentStatus status;
            if (keptOn is not null)
            {
                status = PromiseInstallmentStatus.Kept;
            }
            else if (date <= deadline)
            {
                status = cancelled ? PromiseInstallmentStatus.Cancelled : PromiseInstallmentStatus.Pending;
            }
            else
            {
                status = SumThrough(deadline) > before ? PromiseInstallmentStatus.Partial : PromiseInstallmentStatus.Broken;
                failedOn = deadline.AddDays(1);
            }

            outcomes.Add(new(installment.Number, installment.DueOn, installment.AmountMinor, status, keptOn, counted));
            before = through;
        }

        if (failedOn is not null)
        {
            return new PromiseOutcome(PromiseStatus.Broken, failedOn, outcomes);
        }

        if (outcomes.All(o => o.Status == PromiseInstallmentStatus.Kept))
        {
            return new PromiseOutcome(PromiseStatus.Kept, outcomes[^1].KeptOn, outcomes);
        }

        return cancelled ? new PromiseOutcome(PromiseStatus.Cancelled, cancelledOn, outcomes) : new PromiseOutcome(PromiseStatus.Pending, null, outcomes);
    }
}
