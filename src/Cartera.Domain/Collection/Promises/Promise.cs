using Cartera.Domain.Common;

namespace Cartera.Domain.Collection.Promises;

/// <summary>Where a promise to pay stands on a business date (RULES §13). Codes: <c>pending</c>, <c>kept</c>, <c>broken</c>, <c>cancelled</c>.</summary>
public enum PromiseStatus
{
    Pending,
    Kept,
    Broken,
    Cancelled,
}

/// <summary>Where one installment of a promise stands (RULES §13). Codes: <c>pending</c>, <c>kept</c>, <c>partial</c>, <c>broken</c>, <c>cancelled</c>.</summary>
public enum PromiseInstallmentStatus
{
    Pending,
    Kept,
    Partial,
    Broken,
    Cancelled,
}

/// <summary>One installment of a promise: its number (1, 2, …), due date and amount in minor units.</summary>
public sealed record PromisedInstallment(int Number, DateOnly DueOn, long AmountMinor);

/// <summary>
/// The settings of a promise, from the product(s) in its scope: the horizon of the first installment after the date
/// the promise is made, the grace days after each due date and the tolerance fraction (RULES §13). Grace days are
/// <b>calendar</b> days: installment k may be paid through <c>due_k + g</c> whatever the calendar (a holiday or a
/// Sunday counts like any other day), because value dates are calendar dates.
/// </summary>
public sealed record PromiseRules(int HorizonDays, int GraceDays, decimal Tolerance)
{
    public const int DefaultHorizonDays = 30;
    public const int DefaultGraceDays = 2;
    public const decimal DefaultTolerance = 0.01m;

    public static readonly PromiseRules Default = new(DefaultHorizonDays, DefaultGraceDays, DefaultTolerance);

    /// <summary>The last day installment k may be paid to count as kept: its due date plus the grace days.</summary>
    public DateOnly Deadline(DateOnly dueOn) => dueOn.AddDays(GraceDays);
}

/// <summary>
/// What a promise to pay says (RULES §13): made on <see cref="MadeOn"/>, in one currency, one or more installments
/// (numbered 1…n in due-date order). The debtor, scope and actor are kept by the application; the rules here need only
/// the dates and amounts.
/// </summary>
public sealed record PromiseTerms(DateOnly MadeOn, string CurrencyCode, IReadOnlyList<PromisedInstallment> Installments)
{
    /// <summary>At most this many installments in one promise.</summary>
    public const int MaxInstallments = 60;

    /// <summary>The total promised (checked sum).</summary>
    public long TotalMinor
    {
        get
        {
            long total = 0;
            foreach (var i in Installments)
            {
                total = checked(total + i.AmountMinor);
            }

            return total;
        }
    }

    /// <summary>
    /// Every broken rule of the terms, each as a <see cref="DomainException"/> with a code and a field: no installments
    /// (<c>required</c>), too many (<c>too_many_installments</c>), numbers not 1…n (<c>invalid_installment_number</c>),
    /// an amount ≤ 0 (<c>invalid_amount</c>), a due date before the date the promise was made (<c>due_before_made</c>)
    /// or earlier than the previous installment's (<c>due_out_of_order</c>), the first due date more than the horizon
    /// after it (<c>beyond_horizon</c>), a total above the payoff amount on that date (<c>exceeds_due</c>).
    /// <paramref name="payoffMinor"/> is everything owed on the obligations in scope on <see cref="MadeOn"/>.
    /// </summary>
    public IReadOnlyList<DomainException> Check(PromiseRules rules, long payoffMinor)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<DomainException>();
        if (Installments is null || Installments.Count == 0)
        {
            errors.Add(new DomainException("required", "A promise has at least one installment.", "installments"));
            return errors;
        }

        if (Installments.Count > MaxInstallments)
        {
            errors.Add(new DomainException("too_many_installments", $"A promise has at most {MaxInstallments} installments.", "installments"));
            return errors;
        }

        for (var k = 0; k < Installments.Count; k++)
        {
            var i = Installments[k];
            if (i.Number != k + 1)
            {
                errors.Add(new DomainException("invalid_installment_number", $"Installments are numbered 1 to {Installments.Count} in order; found {i.Number} at position {k + 1}.", "installment_number"));
            }

            if (i.AmountMinor <= 0)
            {
                errors.Add(new DomainException("invalid_amount", $"Installment {i.Number}: the amount must be greater than zero.", "amount"));
            }

            if (i.DueOn < MadeOn)
            {
                errors.Add(new DomainException("due_before_made", $"Installment {i.Number}: the due date {i.DueOn:yyyy-MM-dd} is before the date the promise was made ({MadeOn:yyyy-MM-dd}).", "due_on"));
            }
            else if (k > 0 && i.DueOn < Installments[k - 1].DueOn)
            {
                errors.Add(new DomainException("due_out_of_order", $"Installment {i.Number}: the due date {i.DueOn:yyyy-MM-dd} is before the previous installment's.", "due_on"));
            }
        }

        var first = Installments[0];
        if (first.DueOn > MadeOn.AddDays(rules.HorizonDays))
        {
            errors.Add(new DomainException("beyond_horizon", $"The first installment is due {first.DueOn:yyyy-MM-dd}, more than {rules.HorizonDays} days after the promise ({MadeOn:yyyy-MM-dd}).", "due_on"));
        }

        if (errors.Count == 0)
        {
            long total;
            try
            {
                total = TotalMinor;
            }
            catch (OverflowException)
            {
                errors.Add(new DomainException("exceeds_due", "The promised total is out of range.", "amount"));
                return errors;
            }

            if (total > payoffMinor)
            {
                errors.Add(new DomainException("exceeds_due", $"The promised total ({total} minor units) is more than everything owed on the obligations in scope on {MadeOn:yyyy-MM-dd} ({Math.Max(0, payoffMinor)} minor units).", "amount"));
            }
        }

        return errors;
    }

    /// <summary>Throws the first broken rule of <see cref="Check"/>.</summary>
    public void Validate(PromiseRules rules, long payoffMinor)
    {
        if (Check(rules, payoffMinor) is [var first, ..])
        {
            throw first;
        }
    }
}

/// <summary>The promise settings of the products in a promise's scope.</summary>
public static class PromiseSettings
{
    /// <summary>
    /// The rules of a promise over obligations of these products: the smallest horizon, grace and tolerance among them
    /// (the strictest reading when a scope mixes products); the defaults when there is none.
    /// </summary>
    public static PromiseRules For(IEnumerable<Delinquency.ProductSettings> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        var list = products.ToList();
        return list.Count == 0
            ? PromiseRules.Default
            : new PromiseRules(list.Min(p => p.PromiseHorizonDays), list.Min(p => p.PromiseGraceDays), list.Min(p => p.PromiseTolerance));
    }
}
