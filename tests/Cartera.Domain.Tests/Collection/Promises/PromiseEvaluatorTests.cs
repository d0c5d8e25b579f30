using Cartera.Domain.Collection.Promises;
using Cartera.Domain.Delinquency;
using CsCheck;

namespace Cartera.Tests.Domain.Collection.Promises;

/// <summary>RULES §13: validation of a promise and the status of its installments on a business date.</summary>
public sealed class PromiseEvaluatorTests
{
    private static readonly DateOnly March5 = new(2026, 3, 5);

    private static PromiseTerms Single(long amount, DateOnly due) => new(March5, "COP", [new PromisedInstallment(1, due, amount)]);

    private static long Cop(long pesos) => pesos * 100;

    [Fact]
    public void Rules_13_test_case_kept_on_12_March()
    {
        // Promise of 300,000 due 10 March made 5 March; payments 100,000 on 8 March and 200,000 on 12 March; grace 2.
        var terms = Single(Cop(300_000), new DateOnly(2026, 3, 10));
        CountedPayment[] payments = [new(new DateOnly(2026, 3, 8), Cop(100_000)), new(new DateOnly(2026, 3, 12), Cop(200_000))];
        var rules = PromiseRules.Default with { GraceDays = 2 };

        var before = PromiseEvaluator.Evaluate(terms, payments, rules, new DateOnly(2026, 3, 11));
        Assert.Equal(PromiseStatus.Pending, before.Status);
        Assert.Equal(PromiseInstallmentStatus.Pending, before.Installments[0].Status);
        Assert.Equal(Cop(100_000), before.Installments[0].CountedMinor);

        var outcome = PromiseEvaluator.Evaluate(terms, payments, rules, new DateOnly(2026, 3, 12));
        Assert.Equal(PromiseStatus.Kept, outcome.Status);
        Assert.Equal(new DateOnly(2026, 3, 12), outcome.SettledOn);
        Assert.Equal(PromiseInstallmentStatus.Kept, outcome.Installments[0].Status);
        Assert.Equal(new DateOnly(2026, 3, 12), outcome.Installments[0].KeptOn);
        Assert.Equal(Cop(300_000), outcome.Installments[0].CountedMinor);

        // Kept stays kept on every later date.
        Assert.Equal(PromiseStatus.Kept, PromiseEvaluator.Evaluate(terms, payments, rules, new DateOnly(2026, 4, 30)).Status);
    }

    [Fact]
    public void Rules_13_test_case_second_payment_on_13_March_is_partial_counting_100000()
    {
        var terms = Single(Cop(300_000), new DateOnly(2026, 3, 10));
        CountedPayment[] payments = [new(new DateOnly(2026, 3, 8), Cop(100_000)), new(new DateOnly(2026, 3, 13), Cop(200_000))];
        var rules = PromiseRules.Default with { GraceDays = 2 };

        Assert.Equal(PromiseStatus.Pending, PromiseEvaluator.Evaluate(terms, payments, rules, new DateOnly(2026, 3, 12)).Status);
        var outcome = PromiseEvaluator.Evaluate(terms, payments, rules, new DateOnly(2026, 3, 13));
        Assert.Equal(PromiseStatus.Broken, outcome.Status);
        Assert.Equal(new DateOnly(2026, 3, 13), outcome.SettledOn);
        Assert.Equal(PromiseInstallmentStatus.Partial, outcome.Installments[0].Status);
        Assert.Null(outcome.Installments[0].KeptOn);
        Assert.Equal(Cop(100_000), outcome.Installments[0].CountedMinor);
    }

    [Fact]
    public void Nothing_paid_by_the_end_of_grace_is_broken_and_later_installments_are_cancelled()
    {
        var terms = new PromiseTerms(March5, "COP", [new(1, new DateOnly(2026, 3, 10), Cop(100)), new(2, new DateOnly(2026, 3, 20), Cop(100))]);
        CountedPayment[] payments = [new(new DateOnly(2026, 3, 4), Cop(500))]; // before the promise: not counted
        var outcome = PromiseEvaluator.Evaluate(terms, payments, PromiseRules.Default, new DateOnly(2026, 3, 13));
        Assert.Equal(PromiseStatus.Broken, outcome.Status);
        Assert.Equal([PromiseInstallmentStatus.Broken, PromiseInstallmentStatus.Cancelled], outcome.Installments.Select(i => i.Status));
        Assert.Equal(0, outcome.CountedMinor);
    }

    [Fact]
    public void Tolerance_keeps_an_installment_missing_at_most_tau_and_grace_is_in_calendar_days()
    {
        var terms = Single(Cop(1_000), new DateOnly(2026, 3, 14)); // a Saturday: grace runs through Monday 16 March
        var rules = PromiseRules.Default;
        var kept = PromiseEvaluator.Evaluate(terms, [new(new DateOnly(2026, 3, 16), Cop(990))], rules, new DateOnly(2026, 3, 20));
        Assert.Equal(PromiseStatus.Kept, kept.Status);
        Assert.Equal(Cop(990), kept.Installments[0].CountedMinor);
        var partial = PromiseEvaluator.Evaluate(terms, [new(new DateOnly(2026, 3, 16), Cop(990) - 1)], rules, new DateOnly(2026, 3, 20));
        Assert.Equal(PromiseInstallmentStatus.Partial, partial.Installments[0].Status);
        var late = PromiseEvaluator.Evaluate(terms, [new(new DateOnly(2026, 3, 17), Cop(1_000))], rules, new DateOnly(2026, 3, 20));
        Assert.Equal(PromiseInstallmentStatus.Broken, late.Installments[0].Status);
        Assert.Equal(new DateOnly(2026, 3, 17), late.SettledOn);
    }

    [Fact]
    public void Payments_count_cumulatively_across_installments()
    {
        var terms = new PromiseTerms(March5, "COP", [new(1, new DateOnly(2026, 3, 10), Cop(100)), new(2, new DateOnly(2026, 3, 20), Cop(100))]);
        CountedPayment[] payments = [new(new DateOnly(2026, 3, 6), Cop(150)), new(new DateOnly(2026, 3, 21), Cop(50))];
        var mid = PromiseEvaluator.Evaluate(terms, payments, PromiseRules.Default, new DateOnly(2026, 3, 15));
        Assert.Equal(PromiseInstallmentStatus.Kept, mid.Installments[0].Status);
        Assert.Equal(new DateOnly(2026, 3, 6), mid.Installments[0].KeptOn);
        Assert.Equal(PromiseInstallmentStatus.Pending, mid.Installments[1].Status);
        Assert.Equal(Cop(50), mid.Installments[1].CountedMinor);
        var end = PromiseEvaluator.Evaluate(terms, payments, PromiseRules.Default, new DateOnly(2026, 3, 23));
        Assert.Equal(PromiseStatus.Kept, end.Status);
        Assert.Equal(new DateOnly(2026, 3, 21), end.SettledOn);
    }

    [Fact]
    public void A_cancelled_promise_cancels_its_pending_installments_and_keeps_what_was_kept()
    {
        var terms = new PromiseTerms(March5, "COP", [new(1, new DateOnly(2026, 3, 10), Cop(100)), new(2, new DateOnly(2026, 3, 20), Cop(100))]);
        CountedPayment[] payments = [new(new DateOnly(2026, 3, 9), Cop(100)), new(new DateOnly(2026, 3, 19), Cop(100))];
        var outcome = PromiseEvaluator.Evaluate(terms, payments, PromiseRules.Default, new DateOnly(2026, 3, 25), cancelledOn: new DateOnly(2026, 3, 15));
        Assert.Equal(PromiseStatus.Cancelled, outcome.Status);
        Assert.Equal([PromiseInstallmentStatus.Kept, PromiseInstallmentStatus.Cancelled], outcome.Installments.Select(i => i.Status));
        Assert.Equal(PromiseStatus.Pending, PromiseEvaluator.Evaluate(terms, payments, PromiseRules.Default, new DateOnly(2026, 3, 14), cancelledOn: new DateOnly(2026, 3, 15)).Status);
    }

    [Theory]
    [InlineData(0, 2026, 3, 10, 1_000_000, "invalid_amount")]
    [InlineData(-5, 2026, 3, 10, 1_000_000, "invalid_amount")]
    [InlineData(100, 2026, 3, 4, 1_000_000, "due_before_made")]
    [InlineData(100, 2026, 4, 5, 1_000_000, "beyond_horizon")]
    [InlineData(1_000_001, 2026, 3, 10, 1_000_000, "exceeds_due")]
    public void Validation_refuses_with_a_code(long amount, int y, int m, int d, long payoff, string code)
    {
        var errors = Single(amount, new DateOnly(y, m, d)).Check(PromiseRules.Default, payoff);
        Assert.Contains(errors, e => e.Code == code);
    }

    [Fact]
    public void Validation_accepts_the_horizon_day_and_the_payoff_amount_exactly()
    {
        Assert.Empty(Single(1_000_000, March5.AddDays(30)).Check(PromiseRules.Default, 1_000_000));
        Assert.Contains(Single(1_000_000, March5.AddDays(31)).Check(PromiseRules.Default, 1_000_000), e => e.Code == "beyond_horizon");
        Assert.Empty(Single(1, March5.AddDays(31)).Check(PromiseRules.Default with { HorizonDays = 31 }, 1));
    }

    [Fact]
    public void Product_settings_give_the_strictest_rules_and_documented_defaults()
    {
        var defaults = PromiseSettings.For([ProductSettings.DefaultFor("consumo")]);
        Assert.Equal(new PromiseRules(30, 2, 0.01m), defaults);
        var mixed = PromiseSettings.For([new ProductSettings { Code = "a", PromiseGraceDays = 5 }, new ProductSettings { Code = "b", PromiseHorizonDays = 10, PromiseTolerance = 0m }]);
        Assert.Equal(new PromiseRules(10, 2, 0m), mixed);
        Assert.Throws<Cartera.Domain.Common.DomainException>(() => new ProductSettings { Code = "x", PromiseTolerance = 1m }.Validate());
    }

    private static readonly Gen<(PromiseTerms Terms, CountedPayment[] Payments, PromiseRules Rules, int Day)> GenCase =
        Gen.Select(
            Gen.Select(Gen.Int[0, 20], Gen.Long[1, 1_000]).Array[1, 4],
            Gen.Select(Gen.Int[-3, 60], Gen.Long[1, 1_500]).Array[0, 6],
            Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5]),
            Gen.Int[0, 90])
        .Select((parts, pays, g, day) =>
        {
            var due = March5;
            var installments = new List<PromisedInstallment>();
            foreach (var (offset, amount) in parts)
            {
                due = due.AddDays(offset);
                installments.Add(new PromisedInstallment(installments.Count + 1, due, amount));
            }

            var terms = new PromiseTerms(March5, "COP", installments);
            var payments = pays.Select(p => new CountedPayment(March5.AddDays(p.Item1), p.Item2)).ToArray();
            return (terms, payments, new PromiseRules(30, g.Item1, g.Item2 / 100m), day);
        });

    [Fact]
    public void Properties_of_the_evaluation()
    {
        GenCase.Sample(c =>
        {
            var date = March5.AddDays(c.Day);
            var outcome = PromiseEvaluator.Evaluate(c.Terms, c.Payments, c.Rules, date);
            var counted = c.Payments.Where(p => p.ValueDate >= March5 && p.ValueDate <= date).Sum(p => p.AmountMinor);

            // Counted never exceeds the installment, nor in total what was paid.
            Assert.All(outcome.Installments, i => Assert.InRange(i.CountedMinor, 0, i.AmountMinor));
            Assert.True(outcome.CountedMinor <= counted);

            // The order in which payments arrive does not matter.
            Assert.Equal(outcome, PromiseEvaluator.Evaluate(c.Terms, c.Payments.Reverse(), c.Rules, date), new OutcomeComparer());

            // Kept on a day within the grace and not after the date; pending only while the grace runs.
            foreach (var i in outcome.Installments)
            {
                if (i.Status == PromiseInstallmentStatus.Kept)
                {
                    Assert.True(i.KeptOn <= c.Rules.Deadline(i.DueOn) && i.KeptOn <= date);
                }
                else
                {
                    Assert.Null(i.KeptOn);
                }

                if (i.Status == PromiseInstallmentStatus.Pending)
                {
                    Assert.True(date <= c.Rules.Deadline(i.DueOn));
                }
            }

            // The promise's status follows its installments.
            var failed = outcome.Installments.Any(i => i.Status is PromiseInstallmentStatus.Partial or PromiseInstallmentStatus.Broken);
            Assert.Equal(failed, outcome.Status == PromiseStatus.Broken);
            Assert.Equal(outcome.Installments.All(i => i.Status == PromiseInstallmentStatus.Kept), outcome.Status == PromiseStatus.Kept);

            // Final statuses never change later: a kept or broken promise stays so with its date.
            if (outcome.Status is PromiseStatus.Kept or PromiseStatus.Broken)
            {
                var later = PromiseEvaluator.Evaluate(c.Terms, c.Payments, c.Rules, date.AddDays(30));
                Assert.Equal(outcome.Status, later.Status);
                Assert.Equal(outcome.SettledOn, later.SettledOn);
            }

            // Paying everything on the promise date keeps every installment.
            var full = PromiseEvaluator.Evaluate(c.Terms, [new CountedPayment(March5, c.Terms.TotalMinor)], c.Rules, date);
            Assert.Equal(PromiseStatus.Kept, full.Status);
        });
    }

    private sealed class OutcomeComparer : IEqualityComparer<PromiseOutcome>
    {
        public bool Equals(PromiseOutcome? x, PromiseOutcome? y) =>
            x is not null && y is not null && x.Status == y.Status && x.SettledOn == y.SettledOn && x.Installments.SequenceEqual(y.Installments);

        public int GetHashCode(PromiseOutcome obj) => obj.Status.GetHashCode();
    }
}
