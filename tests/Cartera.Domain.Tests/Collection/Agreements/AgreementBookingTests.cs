using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Tests.Collection.Agreements;

/// <summary>The booking lines of RULES §14 (quita, waivers, restructured, not yet due) and the monitoring outcome.</summary>
public sealed class AgreementBookingTests
{
    private static readonly DateOnly A = new(2026, 3, 20);
    private static readonly string Modality = CapModalities.ConsumerAndOrdinary;
    private static readonly ArrearsRateSource Rates = new(new CapTable([new UsuryCap("CO", Modality, new DateOnly(2025, 1, 1), new DateOnly(2028, 12, 31), 0.30m, "test", false)]));

    // Installment 1 overdue since 2026-02-15 (principal 1,000,000.01, interest 120,000, a fee of 33,333.33 charged),
    // installments 2 and 3 not yet due (principal 1,000,000 each, interest 50,000 and 25,000, insurance 10,000 on the 3rd).
    private static ObligationPosition Position(long obligationId, DateOnly date) =>
        PositionCalculator.EndOfDay(
            new ObligationFacts(
                obligationId,
                1,
                "COP",
                ObligationKind.Loan,
                null,
                [
                    new ScheduledInstallment(1, new DateOnly(2026, 2, 15), 1_000_000_01, 120_000_00, 0, 0),
                    new ScheduledInstallment(2, new DateOnly(2026, 4, 15), 1_000_000_00, 50_000_00, 0, 0),
                    new ScheduledInstallment(3, new DateOnly(2026, 5, 15), 1_000_000_00, 25_000_00, 10_000_00, 0),
                ],
                [new Movement(1, new DateOnly(2026, 3, 1), MovementType.Charge, LedgerComponent.Fee, 1, 33_333_33)]),
            Modality,
            Rates,
            date);

    [Fact]
    public void The_lines_settle_everything_and_add_up_to_the_simulators_forgiven_and_agreed_balance()
    {
        var positions = new[] { Position(7, A), Position(3, A) };
        var terms = new AgreementTerms(A, 6, 0m, PrincipalDiscount: 0.2m, ArrearsWaiver: 0.5m, FeeWaiver: 1m);
        var total = positions.Select(p => AgreementPosition.Of(p, A)).Aggregate((x, y) => x.Add(y));
        var simulation = AgreementSimulator.Simulate(total, terms, AgreementPolicy.Default, 0.30m);

        var plan = AgreementBooking.Plan(positions.Select(p => (p.Facts.ObligationId, p.Installments)).ToList(), A, terms, Currency.COP);

        plan.ForgivenMinor.ShouldBe(simulation.Forgiven.MinorUnits);
        plan.RestructuredMinor.ShouldBe(simulation.AgreedBalance.MinorUnits);
        // Every outstanding amount is settled by exactly one purpose or split in two; nothing is left.
        foreach (var p in positions)
        {
            foreach (var i in p.Installments)
            {
                foreach (var c in new[] { LedgerComponent.Principal, LedgerComponent.Interest, LedgerComponent.Insurance, LedgerComponent.Other, LedgerComponent.Fee, LedgerComponent.ArrearsInterest })
                {
                    plan.Lines.Where(l => l.ObligationId == p.Facts.ObligationId && l.InstallmentNumber == i.Number && l.Component == c).Sum(l => l.AmountMinor).ShouldBe(i.Outstanding(c));
                }
            }
        }

        plan.Lines.Where(l => l.Purpose == AgreementLinePurpose.FeeWaiver).Sum(l => l.AmountMinor).ShouldBe(2 * 33_333_33);
        plan.Lines.Where(l => l.Purpose == AgreementLinePurpose.NotYetDue).Select(l => (l.InstallmentNumber, l.Component)).Distinct()
            .ShouldBe([(2, LedgerComponent.Interest), (3, LedgerComponent.Interest), (3, LedgerComponent.Insurance)]);
        // The quita comes from the latest installments first: the last obligation (id 7), installment 3 first.
        var quita = plan.Lines.Where(l => l.Purpose == AgreementLinePurpose.PrincipalDiscount).ToList();
        quita.Sum(l => l.AmountMinor).ShouldBe(6_000_000_01 - Money.FromMinorUnits(6_000_000_01, Currency.COP).MultiplyRounded(0.8m).MinorUnits);
        quita.Single(l => l.ObligationId == 7 && l.InstallmentNumber == 3).AmountMinor.ShouldBe(1_000_000_00);
        quita.ShouldNotContain(l => l.ObligationId == 3 && l.InstallmentNumber < 3);
    }

    [Fact]
    public void Approval_books_everything_but_the_agreed_balance_and_the_down_payment_booking_moves_all_that_is_left()
    {
        var positions = new[] { Position(7, A), Position(3, A) };
        var terms = new AgreementTerms(A, 6, 0m, PrincipalDiscount: 0.2m, ArrearsWaiver: 0.5m, FeeWaiver: 1m);
        var plan = AgreementBooking.Plan(positions.Select(p => (p.Facts.ObligationId, p.Installments)).ToList(), A, terms, Currency.COP);

        plan.ApprovalLines.ShouldNotContain(l => l.Purpose == AgreementLinePurpose.Restructured);
        plan.ApprovalLines.Sum(l => l.AmountMinor).ShouldBe(plan.Lines.Sum(l => l.AmountMinor) - plan.RestructuredMinor);

        // Once the down payment is in, whatever the originals owe (here: untouched positions) moves, obligation by obligation.
        var moved = AgreementBooking.Restructure(positions.Select(p => (p.Facts.ObligationId, p.Installments)).ToList());
        moved.ShouldAllBe(l => l.Purpose == AgreementLinePurpose.Restructured && l.AmountMinor > 0);
        moved.Sum(l => l.AmountMinor).ShouldBe(positions.Sum(p => p.Installments.Sum(i => i.TotalOutstanding)));
        moved.Select(l => l.ObligationId).Distinct().ShouldBe([3L, 7L]);
    }

    [Fact]
    public void An_excess_over_the_down_payment_comes_off_the_principal_of_the_last_installments()
    {
        var agreed = new[] { (1, new DateOnly(2026, 4, 20), 100_00L, 5_00L), (2, new DateOnly(2026, 5, 20), 100_00L, 3_00L), (3, new DateOnly(2026, 6, 20), 100_00L, 1_00L) };

        AgreementBooking.Prepaid(agreed, 0).ShouldBe(agreed);
        AgreementBooking.Prepaid(agreed, 130_00).ShouldBe([(1, new DateOnly(2026, 4, 20), 100_00L, 5_00L), (2, new DateOnly(2026, 5, 20), 70_00L, 3_00L), (3, new DateOnly(2026, 6, 20), 0L, 1_00L)]);
    }

    [Fact]
    public void An_agreement_is_broken_the_day_after_the_grace_and_completed_when_every_installment_is_paid()
    {
        var facts = new ObligationFacts(9, 1, "COP", ObligationKind.Agreement, null,
            [new ScheduledInstallment(1, A, 312_000_00, 0, 0, 0), new ScheduledInstallment(2, new DateOnly(2026, 4, 20), 468_000_00, 0, 0, 0)],
            [new Movement(1, A, MovementType.Settlement, LedgerComponent.Principal, 1, 312_000_00)]);
        AgreementOutcome On(ObligationFacts f, DateOnly d) => AgreementMonitor.Evaluate(PositionCalculator.EndOfDay(f, Modality, Rates, d).Installments, 30, d);

        On(facts, new DateOnly(2026, 5, 20)).ShouldBe(AgreementOutcome.Active); // due 04-20 + 30 days = 05-20: still within the grace
        On(facts, new DateOnly(2026, 5, 21)).ShouldBe(AgreementOutcome.Broken);
        // Paid late (arrears interest left unpaid) but within the grace: completed.
        var paid = facts with { Movements = [.. facts.Movements, new Movement(2, new DateOnly(2026, 5, 10), MovementType.Settlement, LedgerComponent.Principal, 2, 468_000_00)] };
        On(paid, new DateOnly(2026, 5, 21)).ShouldBe(AgreementOutcome.Completed);
    }
}
