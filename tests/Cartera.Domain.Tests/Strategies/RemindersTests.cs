using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Domain.Strategies;

namespace Cartera.Domain.Tests.Strategies;

/// <summary>RULES §15: what a due-date step triggers, which channel carries it, and when it goes out.</summary>
public sealed class RemindersTests
{
    private static readonly DateOnly Due = new(2026, 3, 20);
    private static readonly TimeZoneInfo Bogota = LocalClock.Zone("America/Bogota");

    [Theory]
    [InlineData(-5, "2026-03-15")]
    [InlineData(-1, "2026-03-19")]
    [InlineData(0, "2026-03-20")]
    public void A_step_triggers_on_due_date_plus_its_offset_with_the_exact_installment_value(int offset, string send)
    {
        var unpaid = new[] { new ReminderInstallment(7, 3, Due, 468_000_00, "COP") };
        var sendDate = DateOnly.Parse(send, System.Globalization.CultureInfo.InvariantCulture);

        Reminders.SendDate(Due, offset).ShouldBe(sendDate);
        Reminders.Trigger(unpaid, offset, sendDate).ShouldBe(new ReminderTrigger([7L], Due, 468_000_00, "COP"), new TriggerComparer());
        Reminders.Trigger(unpaid, offset, sendDate.AddDays(1)).ShouldBeNull();
        Reminders.Trigger(unpaid, offset, sendDate.AddDays(-1)).ShouldBeNull();
    }

    [Fact]
    public void One_message_covers_every_triggering_installment_with_the_sum_of_what_is_unpaid_and_paid_ones_trigger_nothing()
    {
        var unpaid = new[]
        {
            new ReminderInstallment(9, 2, Due, 120_000_00, "COP"), // partly paid: what is left
            new ReminderInstallment(4, 5, Due, 468_000_00, "COP"),
            new ReminderInstallment(5, 1, Due, 0, "COP"), // nothing unpaid
            new ReminderInstallment(6, 4, Due.AddDays(1), 50_000_00, "COP"), // another day
        };

        var trigger = Reminders.Trigger(unpaid, -5, Due.AddDays(-5))!;

        trigger.ObligationIds.ShouldBe([4L, 9L]);
        trigger.DueDate.ShouldBe(Due);
        trigger.AmountMinor.ShouldBe(588_000_00);
        Reminders.Trigger([new ReminderInstallment(5, 1, Due, 0, "COP")], -5, Due.AddDays(-5)).ShouldBeNull();
        Should.Throw<DomainException>(() => Reminders.Trigger([unpaid[0], unpaid[1] with { CurrencyCode = "USD" }], -5, Due.AddDays(-5))).Code.ShouldBe("mixed_currencies");
    }

    [Fact]
    public void The_channel_is_the_steps_else_the_first_reachable_fallback_else_none()
    {
        ConsentChannel[] fallbacks = [ConsentChannel.Sms, ConsentChannel.WhatsApp];

        Reminders.Channel(ConsentChannel.Email, fallbacks, ChannelSet.Of(ConsentChannel.Email, ConsentChannel.Sms)).ShouldBe(ConsentChannel.Email);
        Reminders.Channel(ConsentChannel.Email, fallbacks, ChannelSet.Of(ConsentChannel.WhatsApp, ConsentChannel.Sms)).ShouldBe(ConsentChannel.Sms);
        Reminders.Channel(ConsentChannel.Email, fallbacks, ChannelSet.Of(ConsentChannel.WhatsApp)).ShouldBe(ConsentChannel.WhatsApp);
        Reminders.Channel(ConsentChannel.Email, fallbacks, ChannelSet.Of(ConsentChannel.Calls)).ShouldBeNull();
        Reminders.NoChannel.Status.ShouldBe(ReminderStatus.Blocked);
        Reminders.NoChannel.Reasons.ShouldBe([ComplianceReason.UnauthorizedChannel]);
    }

    [Fact]
    public void Allowed_at_the_send_time_it_goes_then_a_temporary_block_moves_it_and_a_permanent_one_blocks_it()
    {
        // 09:00 in Bogotá (UTC−5) on Sunday 2026-03-15.
        var proposed = Reminders.ProposedAt(Due.AddDays(-5), Reminders.DefaultSendTime, Bogota);
        proposed.ShouldBe(new DateTimeOffset(2026, 3, 15, 14, 0, 0, TimeSpan.Zero));

        var allowed = Reminders.Schedule(proposed, new ComplianceDecision(true, [], null, "co@1"), -5, Due, Bogota);
        allowed.ShouldBe(new ReminderSchedule(ReminderStatus.Planned, proposed, []), new ScheduleComparer());

        var monday = new DateTimeOffset(2026, 3, 16, 12, 0, 0, TimeSpan.Zero); // 07:00 in Bogotá
        var sunday = Reminders.Schedule(proposed, new ComplianceDecision(false, [ComplianceReason.Sunday], monday, "co@1"), -5, Due, Bogota);
        sunday.Status.ShouldBe(ReminderStatus.Planned);
        sunday.ScheduledAt.ShouldBe(monday);
        sunday.Reasons.ShouldBe([ComplianceReason.Sunday]);

        var blocked = Reminders.Schedule(proposed, new ComplianceDecision(false, [ComplianceReason.DoNotContact, ComplianceReason.DisputeHold], null, "co@1"), -5, Due, Bogota);
        blocked.Status.ShouldBe(ReminderStatus.Blocked);
        blocked.ScheduledAt.ShouldBeNull();
        blocked.Reasons.ShouldBe([ComplianceReason.DoNotContact, ComplianceReason.DisputeHold]);
    }

    [Fact]
    public void A_before_due_reminder_that_could_only_go_after_the_due_date_expires_and_an_after_due_one_is_moved()
    {
        var proposed = Reminders.ProposedAt(Due.AddDays(-1), Reminders.DefaultSendTime, Bogota);
        // Next allowed: 00:30 UTC on 03-21 is still 19:30 on 03-20 in Bogotá (the due date): planned.
        var sameLocalDay = new DateTimeOffset(2026, 3, 21, 0, 30, 0, TimeSpan.Zero);
        Reminders.Schedule(proposed, new ComplianceDecision(false, [ComplianceReason.Holiday], sameLocalDay, "co@1"), -1, Due, Bogota).Status.ShouldBe(ReminderStatus.Planned);

        var dayAfter = new DateTimeOffset(2026, 3, 21, 13, 0, 0, TimeSpan.Zero);
        var expired = Reminders.Schedule(proposed, new ComplianceDecision(false, [ComplianceReason.Holiday], dayAfter, "co@1"), -1, Due, Bogota);
        expired.Status.ShouldBe(ReminderStatus.Expired);
        expired.ScheduledAt.ShouldBeNull();
        expired.Reasons.ShouldBe([ComplianceReason.Holiday]);

        // A reminder on or after the due date is never expired: it is moved.
        Reminders.Schedule(proposed, new ComplianceDecision(false, [ComplianceReason.Holiday], dayAfter, "co@1"), 0, Due, Bogota).ScheduledAt.ShouldBe(dayAfter);
    }

    private sealed class TriggerComparer : IEqualityComparer<ReminderTrigger>
    {
        public bool Equals(ReminderTrigger? x, ReminderTrigger? y) =>
            x is not null && y is not null && x.ObligationIds.SequenceEqual(y.ObligationIds) && x.DueDate == y.DueDate && x.AmountMinor == y.AmountMinor && x.CurrencyCode == y.CurrencyCode;

        public int GetHashCode(ReminderTrigger obj) => obj.DueDate.GetHashCode();
    }

    private sealed class ScheduleComparer : IEqualityComparer<ReminderSchedule>
    {
        public bool Equals(ReminderSchedule? x, ReminderSchedule? y) =>
            x is not null && y is not null && x.Status == y.Status && x.ScheduledAt == y.ScheduledAt && x.Reasons.SequenceEqual(y.Reasons);

        public int GetHashCode(ReminderSchedule obj) => obj.Status.GetHashCode();
    }
}
