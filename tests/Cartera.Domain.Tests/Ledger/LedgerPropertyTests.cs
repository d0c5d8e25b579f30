using System.Reflection;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using CsCheck;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Ledger;

public sealed class LedgerPropertyTests
{
    private static readonly DateOnly Day = new(2026, 3, 20);

    [Fact]
    public void An_entry_and_its_reversal_always_sum_to_zero_per_component()
    {
        var kinds = Enum.GetValues<LedgerEntryKind>().Where(k => k != LedgerEntryKind.Reversal).ToArray();
        Gen.Select(Gen.OneOf(kinds), Gen.Enum<LedgerComponent>(), Gen.Long[1L, 1_000_000_000_000L], Gen.Long[1L, long.MaxValue / 2])
            .Sample((kind, component, magnitude, id) =>
            {
                var sign = LedgerEntry.RequiredSign(kind) == 0 ? (magnitude % 2 == 0 ? 1 : -1) : LedgerEntry.RequiredSign(kind);
                var entry = LedgerEntry.Create(1, kind, component, Money.FromMinorUnits(sign * magnitude, Currency.COP), Day, Day, "user:1", DateTimeOffset.UnixEpoch);
                typeof(LedgerEntry).GetProperty(nameof(LedgerEntry.Id), BindingFlags.Public | BindingFlags.Instance)!.SetValue(entry, id);
                var reversal = entry.Reverse(Day.AddDays(1), "correction", "user:2", DateTimeOffset.UnixEpoch);
                (entry.AmountMinor + reversal.AmountMinor).ShouldBe(0L);
                reversal.Component.ShouldBe(component);
                reversal.ReversesEntryId.ShouldBe(id);
            }, iter: 10_000);
    }

    [Fact]
    public void A_posting_with_the_wrong_sign_for_its_kind_is_always_refused()
    {
        var signed = Enum.GetValues<LedgerEntryKind>().Where(k => LedgerEntry.RequiredSign(k) != 0).ToArray();
        Gen.Select(Gen.OneOf(signed), Gen.Long[1L, 1_000_000_000_000L]).Sample((kind, magnitude) =>
        {
            var wrong = -LedgerEntry.RequiredSign(kind) * magnitude;
            Should.Throw<DomainException>(() => LedgerEntry.Create(1, kind, LedgerComponent.Principal, Money.FromMinorUnits(wrong, Currency.COP), Day, Day, "user:1", DateTimeOffset.UnixEpoch))
                .Code.ShouldBe("invalid_amount");
        }, iter: 10_000);
    }
}
