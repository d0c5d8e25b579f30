using Cartera.Application.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;

namespace Cartera.Application.Tests.Portfolio;

public sealed class LedgerBalancesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 2, 15);

    [Fact]
    public void The_balance_is_the_principal_still_owed_so_interest_payments_do_not_lower_it()
    {
        LedgerEntry[] ledger =
        [
            Entry(LedgerEntryKind.Disbursement, LedgerComponent.Principal, 1_000_000.00m),
            Entry(LedgerEntryKind.Payment, LedgerComponent.Interest, -13_888.43m),
            Entry(LedgerEntryKind.Payment, LedgerComponent.Principal, -77_157.95m),
        ];

        ledger.PrincipalOutstandingMinor().ShouldBe(92_284_205L);
        ledger.AsQueryable().PrincipalLines().Sum(e => e.AmountMinor).ShouldBe(92_284_205L);
    }

    private static LedgerEntry Entry(LedgerEntryKind kind, LedgerComponent component, decimal amount) =>
        LedgerEntry.Create(1, kind, component, Money.Of(amount, Currency.COP), Day, Day, "test", Now);
}
