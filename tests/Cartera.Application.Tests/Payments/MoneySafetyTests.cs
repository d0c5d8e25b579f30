using System.Globalization;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Tests.Support;
using CsCheck;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Payments;

/// <summary>
/// Issue 11 items 1, 2 and 9b: amounts are bounded per product and currency, a payment may not leave more than the payoff
/// amount + 1 installment as credit balance unless a supervisor confirms it, every sum is checked, the ledger is a
/// function of the set of payments (never of their arrival order), and a value date may not be too far in the future.
/// The fixture's obligation owes four installments of 900.00 principal + 100.00 interest (4,000.00 plus arrears).
/// </summary>
public sealed class MoneySafetyTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Amounts_above_the_products_maximum_for_the_currency_are_refused_for_payments_and_refunds(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");

        // Default: 10^12 major units. 90,000,000,000,000,000.00 COP fits in 64-bit minor units but is refused.
        var huge = await Should.ThrowAsync<DomainException>(() => f.Posting().PostAsync(f.Command(id, 90_000_000_000_000_000m), Ct));
        (huge.Code, huge.Field).ShouldBe(("amount_too_large", "amount"));
        var above = await Should.ThrowAsync<DomainException>(() => f.Posting().PostAsync(f.Command(id, 1_000_000_000_000.01m), Ct));
        above.Code.ShouldBe("amount_too_large");

        // A product may set its own maximum per currency.
        await using (var db = f.Db())
        {
            await new ProductCatalog(db).SaveAsync(ProductSettings.DefaultFor("consumo") with
            {
                MaxAmountMajorByCurrency = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["COP"] = 5_000m },
            }, Ct);
        }

        (await Should.ThrowAsync<DomainException>(() => f.Posting().PostAsync(f.Command(id, 5_000.01m), Ct))).Code.ShouldBe("amount_too_large");
        (await f.Posting().PostAsync(f.Command(id, 5_000m), Ct)).Payment.Status.ShouldBe(PaymentStatus.Posted);
        var refund = await Should.ThrowAsync<DomainException>(() => f.Posting().RefundAsync(id, 5_000.01m, "COP", "too much", Ct));
        (refund.Code, refund.Field).ShouldBe(("amount_too_large", "amount"));

        await using var check = f.Db();
        (await check.Payments.CountAsync(Ct)).ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_payment_leaving_more_than_the_payoff_plus_one_installment_needs_a_supervisors_confirmation(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");
        var position = await f.PositionAsync(id, PaymentFixture.Today.AddDays(-1));
        var payoff = position.Installments.Sum(i => i.TotalOutstanding); // 4,000.00 + arrears accrued through yesterday
        var ceiling = payoff + 100_000; // + the largest installment (1,000.00)

        var refused = await Should.ThrowAsync<DomainException>(() => f.Posting().PostAsync(f.Command(id, (ceiling + 1) / 100m), Ct));
        (refused.Code, refused.Field).ShouldBe(("excess_credit_balance", "amount"));
        await using (var db = f.Db())
        {
            (await db.Payments.CountAsync(Ct)).ShouldBe(0);
        }

        // Exactly the payoff + 1 installment is accepted; one more cent on top of that credit balance is not.
        var exact = await f.Posting().PostAsync(f.Command(id, ceiling / 100m, key: "exact"), Ct);
        exact.View.CreditBalanceMinor.ShouldBeGreaterThan(0);
        (await Should.ThrowAsync<DomainException>(() => f.Posting().PostAsync(f.Command(id, 0.01m), Ct))).Code.ShouldBe("excess_credit_balance");

        // Confirmed (the API sets the flag only for supervisors and admins): posted, and the confirmation is audited.
        var confirmed = await f.Posting().PostAsync(f.Command(id, 2_000m, key: "confirmed") with { ExcessCreditBalanceConfirmed = true }, Ct);
        confirmed.Payment.Status.ShouldBe(PaymentStatus.Posted);
        await using var check = f.Db();
        var audit = await check.AuditEntries.AsNoTracking().Where(a => a.Action == "confirm_excess_credit_balance").ToListAsync(Ct);
        audit.Count.ShouldBe(1);
        audit[0].EntityId.ShouldBe(confirmed.Payment.Id.ToString(CultureInfo.InvariantCulture));
        audit[0].Actor.ShouldBe("user:test");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_value_date_beyond_the_future_window_is_refused_and_the_window_is_a_product_setting(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");

        var e = await Should.ThrowAsync<DomainException>(() => f.Posting().PostAsync(f.Command(id, 100m, PaymentFixture.Today.AddDays(61)), Ct));
        (e.Code, e.Field).ShouldBe(("outside_window", "received_on"));
        (await f.Posting().PostAsync(f.Command(id, 100m, PaymentFixture.Today.AddDays(60)), Ct)).Payment.Status.ShouldBe(PaymentStatus.Pending);

        await using (var db = f.Db())
        {
            await new ProductCatalog(db).SaveAsync(ProductSettings.DefaultFor("consumo") with { FutureWindowDays = 5 }, Ct);
        }

        (await Should.ThrowAsync<DomainException>(() => f.Posting().PostAsync(f.Command(id, 100m, PaymentFixture.Today.AddDays(6)), Ct))).Code.ShouldBe("outside_window");
        (await f.Posting().PostAsync(f.Command(id, 100m, PaymentFixture.Today.AddDays(5)), Ct)).Payment.Status.ShouldBe(PaymentStatus.Pending);
    }

    /// <summary>A command of the property test: post (amount in minor units, days back, confirmed), reverse the k-th
    /// payment, or refund an amount.</summary>
    private sealed record Op(int Kind, long AmountMinor, int DaysBack, bool Confirmed, int Pick)
    {
        public override string ToString() => Kind switch
        {
            0 => $"post {AmountMinor} -{DaysBack}d{(Confirmed ? " confirmed" : string.Empty)}",
            1 => $"reverse #{Pick}",
            _ => $"refund {AmountMinor}",
        };
    }

    private static readonly Gen<long> GenAmount = Gen.OneOf(
        Gen.Long[1, 600_000],                                       // up to 6,000.00: the schedule's size
        Gen.Long[1_000_000, 100_000_000_000_000],                   // up to the 10^12 major-unit maximum
        Gen.Long[100_000_000_000_001, 9_000_000_000_000_000_000]);  // above it, up to 64-bit minor units

    private static readonly Gen<Op> GenOp = Gen.Frequency(
        (6, Gen.Select(GenAmount, Gen.Int[0, 5], Gen.Bool).Select(t => new Op(0, t.Item1, t.Item2, t.Item3, 0))),
        (2, Gen.Int[0, 7].Select(k => new Op(1, 0, 0, false, k))),
        (2, GenAmount.Select(a => new Op(2, a, 0, false, 0))));

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task No_sequence_of_accepted_commands_makes_a_stored_sum_overflow_or_silently_become_zero(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var sample = 0;
        await GenOp.Array[1, 10].SampleAsync(
            async ops =>
            {
                var id = await f.AddObligationAsync("P-" + Interlocked.Increment(ref sample).ToString(CultureInfo.InvariantCulture));
                var posted = new List<long>();
                foreach (var op in ops)
                {
                    try
                    {
                        switch (op.Kind)
                        {
                            case 0:
                                var command = f.Command(id, op.AmountMinor / 100m, PaymentFixture.Today.AddDays(-op.DaysBack)) with { ExcessCreditBalanceConfirmed = op.Confirmed };
                                posted.Add((await f.Posting().PostAsync(command, Ct)).Payment.Id);
                                break;
                            case 1 when posted.Count > 0:
                                await f.Posting().ReverseAsync(posted[op.Pick % posted.Count], "test", Ct);
                                break;
                            case 2:
                                await f.Posting().RefundAsync(id, op.AmountMinor / 100m, "COP", "test", Ct);
                                break;
                        }
                    }
                    catch (DomainException)
                    {
                        // A refused command books nothing; anything else (an OverflowException, a database error) fails the test.
                    }
                }

                await using var db = f.Db();

                // Every stored sum: SQL sums per component equal the exact (decimal) sums of the rows, and fit in 64 bits.
                var rows = await db.LedgerEntries.AsNoTracking().Where(e => e.ObligationId == id).Select(e => new { e.Component, e.InstallmentNumber, e.AmountMinor }).ToListAsync(Ct);
                var sqlSums = await db.LedgerEntries.AsNoTracking().Where(e => e.ObligationId == id).GroupBy(e => e.Component)
                    .Select(g => new { g.Key, Sum = g.Sum(e => e.AmountMinor) }).ToListAsync(Ct);
                foreach (var s in sqlSums)
                {
                    ((decimal)s.Sum).ShouldBe(rows.Where(r => r.Component == s.Key).Sum(r => (decimal)r.AmountMinor), $"SQL sum of {s.Key}");
                }

                // The credit balance (negative only when a reversal takes back money already refunded) stays far inside 64 bits.
                var credit = -rows.Where(r => r.Component == LedgerComponent.CreditBalance && r.InstallmentNumber is null).Sum(r => (decimal)r.AmountMinor);
                Math.Abs(credit).ShouldBeLessThan((decimal)long.MaxValue / 1_000);

                // The close-of-day's figures (computed as the close would store them) keep the credit balance: never a wrapped 0.
                var snapshots = await (await SnapshotEngine.LoadAsync(db, Ct)).ComputeAsync(db, PaymentFixture.Today, new DebtorSet([f.DebtorId]), Ct);
                var snapshot = snapshots.Single(s => s.ObligationId == id);
                ((decimal)snapshot.CreditBalanceMinor).ShouldBe(credit);

                // The installments' paid columns are what the ledger settles (checked sums), never negative.
                (await f.PaidAsync(id)).ShouldAllBe(p => p.Item2 >= 0 && p.Item3 >= 0);
            },
            iter: 25,
            threads: 1);
    }

    /// <summary>A payment of the order property: own id, amount in minor units, days before the business date.</summary>
    private sealed record Paid(string PaymentId, long AmountMinor, int DaysBack);

    private static readonly Gen<Paid[]> GenPayments =
        Gen.Select(Gen.Int[0, 999_999], Gen.Long[1_000, 400_000], Gen.Int[0, 3]).Array[2, 7]
            .Select(a => a.Select((p, k) => new Paid("P" + p.Item1.ToString("D6", CultureInfo.InvariantCulture) + "-" + k.ToString(CultureInfo.InvariantCulture), p.Item2, p.Item3)).ToArray());

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Any_permutation_of_arrival_order_gives_the_same_ledger_net_per_component_and_the_same_position(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var sample = 0;
        await Gen.Select(GenPayments, Gen.Int.Array[7], Gen.Enum<PrepaymentPolicy>()).SampleAsync(
            async (payments, shuffle, prepayment) =>
            {
                var n = Interlocked.Increment(ref sample).ToString(CultureInfo.InvariantCulture);
                var product = "orden-" + n;
                await using (var db = f.Db())
                {
                    // Large prepayments are the point here: the credit-balance limit is set out of the way.
                    await new ProductCatalog(db).SaveAsync(ProductSettings.DefaultFor(product) with { Allocation = AllocationPolicy.Default with { Prepayment = prepayment }, ExcessCreditBalanceInstallments = 1_000m }, Ct);
                }

                // Twelve installments: at the business date eight are still future, so prepayments relieve interest.
                var inOrder = await f.AddLongObligationAsync("A-" + n, product, 12);
                var shuffled = await f.AddLongObligationAsync("B-" + n, product, 12);
                var permutation = payments.Select((p, k) => (p, Key: shuffle[k % shuffle.Length] ^ k)).OrderBy(x => x.Key).Select(x => x.p).ToList();
                foreach (var (obligation, order) in new[] { (inOrder, payments.ToList()), (shuffled, permutation) })
                {
                    foreach (var p in order)
                    {
                        await f.Posting().PostAsync(
                            new PostPaymentCommand(obligation, p.AmountMinor / 100m, "COP", PaymentFixture.Today.AddDays(-p.DaysBack), PaymentChannel.Bank, null, obligation.ToString(CultureInfo.InvariantCulture) + "-" + p.PaymentId, p.PaymentId),
                            Ct);
                    }
                }

                (await NetAsync(f, shuffled)).ShouldBe(await NetAsync(f, inOrder));
                PaymentFixture.Shape(await f.PositionAsync(shuffled, PaymentFixture.Today)).ShouldBe(PaymentFixture.Shape(await f.PositionAsync(inOrder, PaymentFixture.Today)));
                (await f.PaidAsync(shuffled)).ShouldBe(await f.PaidAsync(inOrder));
            },
            iter: 30,
            threads: 1);
    }

    /// <summary>The ledger net per (installment, component), payment lines and adjustments (interest relief) apart.</summary>
    private static async Task<List<string>> NetAsync(PaymentFixture f, long obligationId) =>
        (await f.LedgerAsync(obligationId))
            .Where(e => e.Kind != LedgerEntryKind.Disbursement)
            .GroupBy(e => (e.InstallmentNumber, e.Component))
            .Select(g => (g.Key, Sum: g.Sum(e => e.AmountMinor)))
            .Where(x => x.Sum != 0)
            .OrderBy(x => x.Key.InstallmentNumber).ThenBy(x => x.Key.Component)
            .Select(x => $"{x.Key.InstallmentNumber}:{x.Key.Component}:{x.Sum.ToString(CultureInfo.InvariantCulture)}")
            .ToList();
}
