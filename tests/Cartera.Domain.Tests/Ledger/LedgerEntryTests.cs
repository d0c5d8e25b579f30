using System.Reflection;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Ledger;

public sealed class LedgerEntryTests
{
    private static readonly DateOnly Day = new(2026, 3, 20);
    private static readonly DateTimeOffset At = new(2026, 3, 20, 22, 0, 0, TimeSpan.Zero);

    private static Money Cop(decimal amount) => Money.Of(amount, Currency.COP);

    private static LedgerEntry Entry(LedgerEntryKind kind, decimal amount, LedgerComponent component = LedgerComponent.Principal) =>
        LedgerEntry.Create(10, kind, component, Cop(amount), Day, Day.AddDays(-2), "user:1", At, installmentNumber: 3, idempotencyKey: "pay-1", description: "test");

    /// <summary>The id the database would give; entries are only reversed once stored.</summary>
    private static LedgerEntry Stored(LedgerEntry entry, long id)
    {
        typeof(LedgerEntry).GetProperty(nameof(LedgerEntry.Id), BindingFlags.Public | BindingFlags.Instance)!.SetValue(entry, id);
        return entry;
    }

    [Theory]
    [InlineData(LedgerEntryKind.Disbursement)]
    [InlineData(LedgerEntryKind.Interest)]
    [InlineData(LedgerEntryKind.ArrearsInterest)]
    [InlineData(LedgerEntryKind.Fee)]
    [InlineData(LedgerEntryKind.Insurance)]
    [InlineData(LedgerEntryKind.Refund)]
    public void What_increases_the_debt_is_positive(LedgerEntryKind kind)
    {
        Entry(kind, 100m).AmountMinor.ShouldBe(10_000L);
        var ex = Should.Throw<DomainException>(() => Entry(kind, -100m));
        ex.Code.ShouldBe("invalid_amount");
        ex.Field.ShouldBe("amount");
    }

    [Theory]
    [InlineData(LedgerEntryKind.Payment)]
    [InlineData(LedgerEntryKind.WriteOff)]
    public void What_decreases_the_debt_is_negative(LedgerEntryKind kind)
    {
        Entry(kind, -100m).AmountMinor.ShouldBe(-10_000L);
        Should.Throw<DomainException>(() => Entry(kind, 100m)).Code.ShouldBe("invalid_amount");
    }

    [Fact]
    public void An_adjustment_may_go_either_way()
    {
        Entry(LedgerEntryKind.Adjustment, 1m).AmountMinor.ShouldBe(100L);
        Entry(LedgerEntryKind.Adjustment, -1m).AmountMinor.ShouldBe(-100L);
    }

    [Fact]
    public void A_zero_amount_is_refused()
    {
        Should.Throw<DomainException>(() => Entry(LedgerEntryKind.Adjustment, 0m)).Code.ShouldBe("invalid_amount");
    }

    [Fact]
    public void A_reversal_cannot_be_created_directly()
    {
        var ex = Should.Throw<DomainException>(() => Entry(LedgerEntryKind.Reversal, -1m));
        ex.Code.ShouldBe("invalid_value");
        ex.Field.ShouldBe("kind");
    }

    [Fact]
    public void The_author_is_required()
    {
        var ex = Should.Throw<DomainException>(() => LedgerEntry.Create(1, LedgerEntryKind.Fee, LedgerComponent.Fee, Cop(1m), Day, Day, " ", At));
        ex.Code.ShouldBe("required");
        ex.Field.ShouldBe("created_by");
    }

    [Fact]
    public void An_entry_keeps_everything_it_was_given()
    {
        var e = Entry(LedgerEntryKind.Payment, -250.50m, LedgerComponent.Interest);
        (e.ObligationId, e.Kind, e.Component, e.BusinessDate, e.ValueDate).ShouldBe((10L, LedgerEntryKind.Payment, LedgerComponent.Interest, Day, Day.AddDays(-2)));
        (e.InstallmentNumber, e.IdempotencyKey, e.Description, e.CreatedBy, e.CreatedAt).ShouldBe((3, "pay-1", "test", "user:1", At));
        e.Amount.ShouldBe(Cop(-250.50m));
        e.ReversesEntryId.ShouldBeNull();
    }

    [Fact]
    public void A_reversal_negates_the_original_keeps_its_value_date_and_points_at_it()
    {
        var original = Stored(Entry(LedgerEntryKind.Payment, -250.50m, LedgerComponent.Interest), 41);
        var later = Day.AddDays(5);
        var reversal = original.Reverse(later, "bounced cheque", "user:2", At.AddDays(5));

        reversal.Kind.ShouldBe(LedgerEntryKind.Reversal);
        reversal.Amount.ShouldBe(Cop(250.50m));
        (reversal.AmountMinor + original.AmountMinor).ShouldBe(0L);
        reversal.ReversesEntryId.ShouldBe(41);
        reversal.Component.ShouldBe(LedgerComponent.Interest);
        reversal.InstallmentNumber.ShouldBe(3);
        reversal.ObligationId.ShouldBe(10);
        reversal.BusinessDate.ShouldBe(later);
        reversal.ValueDate.ShouldBe(original.ValueDate);
        reversal.Description.ShouldBe("bounced cheque");
        reversal.CreatedBy.ShouldBe("user:2");
        reversal.IdempotencyKey.ShouldBeNull();
    }

    [Fact]
    public void A_reversal_of_a_reversal_is_refused()
    {
        var reversal = Stored(Stored(Entry(LedgerEntryKind.Fee, 10m), 1).Reverse(Day, "wrong fee", "user:1", At), 2);
        var ex = Should.Throw<DomainException>(() => reversal.Reverse(Day, "undo", "user:1", At));
        ex.Code.ShouldBe("invalid_value");
        ex.Field.ShouldBe("kind");
    }

    [Fact]
    public void A_reversal_needs_a_reason()
    {
        var ex = Should.Throw<DomainException>(() => Stored(Entry(LedgerEntryKind.Fee, 10m), 1).Reverse(Day, "  ", "user:1", At));
        ex.Code.ShouldBe("required");
        ex.Field.ShouldBe("reason");
    }

    [Fact]
    public void An_entry_not_yet_stored_cannot_be_reversed()
    {
        var ex = Should.Throw<DomainException>(() => Entry(LedgerEntryKind.Fee, 10m).Reverse(Day, "wrong fee", "user:1", At));
        ex.Code.ShouldBe("invalid_value");
        ex.Field.ShouldBe("reverses_entry_id");
    }

    [Fact]
    public void Every_kind_has_a_stated_sign()
    {
        foreach (var kind in Enum.GetValues<LedgerEntryKind>())
        {
            LedgerEntry.RequiredSign(kind).ShouldBeInRange(-1, 1);
        }

        LedgerEntry.RequiredSign(LedgerEntryKind.Reversal).ShouldBe(0);
        LedgerEntry.RequiredSign(LedgerEntryKind.Adjustment).ShouldBe(0);
    }
}
