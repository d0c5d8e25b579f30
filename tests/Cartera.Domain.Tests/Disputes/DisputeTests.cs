using Cartera.Domain.Common;
using Cartera.Domain.Compliance.Calendars;
using Cartera.Domain.Disputes;

namespace Cartera.Domain.Tests.Disputes;

/// <summary>The dispute case: the Ley 1266 answer deadline in Colombian business days, validation and the open → upheld | rejected transitions.</summary>
public sealed class DisputeTests
{
    private static readonly DateOnly Today = new(2026, 3, 25);
    private static readonly DateTimeOffset Now = new(2026, 3, 25, 15, 0, 0, TimeSpan.Zero);

    private static Dispute NewDispute(long? obligation = 7, DateOnly? received = null, params string[] evidence) =>
        Dispute.Open(new DisputeInput(1, obligation, DisputeReason.WrongAmount, "  El saldo no cuadra  ", evidence, received ?? new DateOnly(2026, 3, 18)), ColombiaHolidays.Instance, Today, "u-1", Now);

    [Fact]
    public void The_deadline_is_the_15th_business_day_after_receipt_skipping_weekends_and_colombian_holidays()
    {
        // Received Wednesday 18 March 2026: Monday 23 March (San José, moved) and Holy Thursday and Friday (2 and 3 April)
        // are holidays, so the 15th business day is Monday 13 April (without holidays it would be Wednesday 8 April).
        DisputeDeadline.For(new DateOnly(2026, 3, 18), ColombiaHolidays.Instance).ShouldBe(new DateOnly(2026, 4, 13));
        DisputeDeadline.For(new DateOnly(2026, 3, 18), UnitedStatesFederalHolidays.Instance).ShouldBe(new DateOnly(2026, 4, 8));

        // Received on a Saturday: counting starts on Monday 8 June, but 8, 15 and 29 June are Colombian holidays (Mondays).
        DisputeDeadline.For(new DateOnly(2026, 6, 6), ColombiaHolidays.Instance).ShouldBe(new DateOnly(2026, 7, 1));
        DisputeDeadline.IsBusinessDay(new DateOnly(2026, 6, 29), ColombiaHolidays.Instance).ShouldBeFalse();
        DisputeDeadline.IsBusinessDay(new DateOnly(2026, 6, 30), ColombiaHolidays.Instance).ShouldBeTrue();
    }

    [Fact]
    public void Opening_trims_keeps_the_evidence_and_computes_the_deadline()
    {
        var dispute = NewDispute(evidence: ["extracto-2026-02.pdf", " ", "extracto-2026-02.pdf", "correo del 17/03"]);
        dispute.Status.ShouldBe(DisputeStatus.Open);
        dispute.Description.ShouldBe("El saldo no cuadra");
        dispute.Evidence.ShouldBe(["extracto-2026-02.pdf", "correo del 17/03"]);
        dispute.AnswerDeadline.ShouldBe(new DateOnly(2026, 4, 13));
        dispute.IsOverdue(new DateOnly(2026, 4, 13)).ShouldBeFalse("the answer is on time through the deadline");
        dispute.IsOverdue(new DateOnly(2026, 4, 14)).ShouldBeTrue();
    }

    [Fact]
    public void Opening_refuses_a_blank_description_and_a_future_receipt()
    {
        Should.Throw<DomainException>(() => Dispute.Open(new DisputeInput(1, null, DisputeReason.Fraud, " ", [], Today), ColombiaHolidays.Instance, Today, "u", Now)).Field.ShouldBe("description");
        Should.Throw<DomainException>(() => NewDispute(received: Today.AddDays(1))).Code.ShouldBe("date_in_future");
    }

    [Fact]
    public void Upheld_needs_an_action_rejected_takes_none_and_a_resolved_dispute_does_not_change()
    {
        var dispute = NewDispute();
        Should.Throw<DomainException>(() => dispute.Resolve(DisputeStatus.Upheld, null, "Se corrige", "u-2", Today)).Field.ShouldBe("action");
        Should.Throw<DomainException>(() => dispute.Resolve(DisputeStatus.Rejected, DisputeAction.Adjustment, "No procede", "u-2", Today)).Code.ShouldBe("not_allowed");
        Should.Throw<DomainException>(() => dispute.Resolve(DisputeStatus.Rejected, null, "  ", "u-2", Today)).Field.ShouldBe("note");
        Should.Throw<DomainException>(() => dispute.Resolve(DisputeStatus.Open, null, "x", "u-2", Today)).Code.ShouldBe("invalid_code");
        Should.Throw<DomainException>(() => dispute.Resolve(DisputeStatus.Rejected, null, "x", "u-2", new DateOnly(2026, 3, 17))).Code.ShouldBe("date_before_received");
        dispute.Status.ShouldBe(DisputeStatus.Open);

        dispute.Resolve(DisputeStatus.Upheld, DisputeAction.BureauCorrection, "Pago aplicado a otra cuenta", "u-2", Today);
        (dispute.Status, dispute.Action, dispute.ResolutionNote, dispute.ResolvedBy, dispute.ResolvedOn)
            .ShouldBe((DisputeStatus.Upheld, (DisputeAction?)DisputeAction.BureauCorrection, "Pago aplicado a otra cuenta", "u-2", (DateOnly?)Today));
        dispute.IsOverdue(new DateOnly(2026, 5, 1)).ShouldBeFalse("answered");
        Should.Throw<DomainException>(() => dispute.Resolve(DisputeStatus.Rejected, null, "x", "u-2", Today)).Code.ShouldBe("not_open");
    }

    [Fact]
    public void An_action_needs_the_disputed_obligation()
    {
        var dispute = NewDispute(obligation: null);
        Should.Throw<DomainException>(() => dispute.Resolve(DisputeStatus.Upheld, DisputeAction.BureauCorrection, "Sí", "u", Today)).Code.ShouldBe("obligation_required");
        dispute.Resolve(DisputeStatus.Rejected, null, "No procede", "u", Today);
        dispute.Status.ShouldBe(DisputeStatus.Rejected);
    }

    [Fact]
    public void Codes_are_the_documented_words()
    {
        EnumCodes.Codes<DisputeReason>().ShouldBe(["not_mine", "wrong_amount", "already_paid", "fraud", "service"]);
        EnumCodes.Codes<DisputeStatus>().ShouldBe(["open", "upheld", "rejected"]);
        EnumCodes.Codes<DisputeAction>().ShouldBe(["adjustment", "cancellation", "bureau_correction"]);
    }
}
