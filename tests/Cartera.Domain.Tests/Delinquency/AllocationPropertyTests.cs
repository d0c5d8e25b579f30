using System.Reflection;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using CsCheck;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Delinquency;

/// <summary>Property tests of payment allocation (RULES §5) over random schedules, fees, rates, policies and histories.</summary>
public sealed class AllocationPropertyTests
{
    private const int Iterations = 10_000;
    private static readonly DateOnly Start = new(2026, 1, 10);
    private static readonly string Modality = CapModalities.ConsumerAndOrdinary;
    private static readonly ArrearsRateSource Rates = new(new CapTable(
    [
        new UsuryCap("CO", Modality, new DateOnly(2025, 1, 1), new DateOnly(2026, 3, 31), 0.2436m, "test", false),
        new UsuryCap("CO", Modality, new DateOnly(2026, 4, 1), new DateOnly(2028, 12, 31), 0.2851m, "test", false),
    ]));

    private static readonly Gen<ScheduledInstallment[]> GenSchedule =
        Gen.Select(Gen.Long[0, 200_000], Gen.Long[0, 20_000], Gen.Long[0, 3_000], Gen.Long[0, 2_000], Gen.Int[0, 6])
            .Array[1, 5]
            .Select(parts => parts.Select((p, k) => new ScheduledInstallment(k + 1, Start.AddDays((30 * k) + p.Item5), p.Item1, p.Item2, p.Item3, p.Item4)).ToArray());

    private static readonly Gen<AllocationPolicy> GenPolicy =
        Gen.Select(Gen.Enum<AllocationStrategy>(), Gen.Int.Array[6], Gen.Enum<PrepaymentPolicy>())
            .Select((strategy, keys, prepayment) => new AllocationPolicy(
                strategy,
                AllocationPolicy.DefaultOrder.Select((c, k) => (c, keys[k])).OrderBy(x => x.Item2).Select(x => x.c).ToList(),
                prepayment));

    private static readonly Gen<(int Day, long Amount)> GenPayment = Gen.Select(Gen.Int[0, 200], Gen.Long[1, 300_000]);

    /// <summary>A random obligation: schedule, contract arrears rate (null = the cap), fee charges.</summary>
    private static readonly Gen<ObligationFacts> GenFacts =
        Gen.Select(GenSchedule, Gen.Int[-1, 80], Gen.Select(Gen.Int[0, 4], Gen.Long[1, 5_000], Gen.Int[0, 150]).Array[0, 3])
            .Select((schedule, rate, fees) => new ObligationFacts(
                1,
                1,
                "COP",
                ObligationKind.Loan,
                rate < 0 ? null : rate / 100m,
                schedule,
                fees.Where(f => f.Item1 < schedule.Length)
                    .Select((f, k) => new Movement(-1 - k, Start.AddDays(f.Item3), MovementType.Charge, LedgerComponent.Fee, f.Item1 + 1, f.Item2))
                    .ToList()));

    [Fact]
    public void Lines_add_up_to_the_payment_no_component_goes_negative_and_the_order_is_respected()
    {
        Gen.Select(GenFacts, GenPolicy, GenPayment.Array[0, 4], GenPayment).Sample((facts, policy, earlier, payment) =>
        {
            var prior = earlier.Select((p, k) => new PaymentToAllocate(k + 1, Start.AddDays(p.Day), p.Amount)).OrderBy(p => p.ValueDate).ToList();
            var allocations = PaymentReplay.Allocate(facts, prior, Modality, Rates, policy);
            var movements = facts.Movements.Concat(prior.Zip(allocations).SelectMany(x => PaymentReplay.Movements(x.Second, x.First.ValueDate, x.First.Key))).ToList();
            var valueDate = Start.AddDays(payment.Day);
            var before = PositionCalculator.BeforeAccrual(facts with { Movements = movements }, Modality, Rates, valueDate);

            var allocation = PaymentAllocator.Allocate(before, payment.Amount, valueDate, policy);

            allocation.Lines.Sum(l => l.AmountMinor).ShouldBe(payment.Amount);
            allocation.Lines.ShouldAllBe(l => l.AmountMinor > 0);
            CheckLimitsAndOrder(before, allocation, valueDate, policy);
        }, iter: Iterations);
    }

    [Fact]
    public void Reversing_any_payment_restores_the_prior_position_exactly()
    {
        Gen.Select(GenFacts, GenPolicy, GenPayment.Array[1, 5], Gen.Int[0, 4], Gen.Int[0, 250]).Sample((facts, policy, paymentsIn, pick, endDay) =>
        {
            var payments = paymentsIn.Select((p, k) => new PaymentToAllocate(k + 1, Start.AddDays(p.Day), p.Amount)).OrderBy(p => p.ValueDate).ThenBy(p => p.Key).ToList();
            var allocations = PaymentReplay.Allocate(facts, payments, Modality, Rates, policy);
            var ledger = new Ledger();
            var entries = payments.Zip(allocations).Select(x => ledger.Book(x.First, x.Second)).ToList();
            var chosen = pick % payments.Count;
            var end = Start.AddDays(endDay);

            // Without the chosen payment's lines at all, and with its lines plus their reversal.
            var without = entries.Where((_, k) => k != chosen).SelectMany(e => e).ToList();
            var reversed = entries.SelectMany(e => e).Concat(entries[chosen].Select(ledger.Reverse)).ToList();

            PositionShape.Of(Ledger.Position(facts, reversed, end)).ShouldBe(PositionShape.Of(Ledger.Position(facts, without, end)));
            InstallmentPaid(Ledger.Position(facts, reversed, end)).ShouldBe(InstallmentPaid(Ledger.Position(facts, without, end)));
        }, iter: Iterations);
    }

    /// <summary>
    /// Payments arrive in random order with random value dates (so many are back-dated), and some are reversed. Each
    /// event re-allocates the payments after it the way payment posting does (reverse their net lines, book the new
    /// allocation, only when it changed). At the end the net ledger equals a fresh replay of the surviving payments.
    /// </summary>
    [Fact]
    public void Posting_payments_one_by_one_with_reallocation_equals_a_fresh_replay_of_the_final_ledger()
    {
        Gen.Select(GenFacts, GenPolicy, Gen.Select(GenPayment, Gen.Int[0, 9]).Array[1, 7], Gen.Int[0, 250]).Sample((facts, policy, events, endDay) =>
        {
            var ledger = new Ledger();
            var posted = new List<PaymentToAllocate>();
            var lines = new Dictionary<long, List<LedgerEntry>>();
            long key = 0;
            foreach (var ((day, amount), action) in events)
            {
                PaymentToAllocate affected;
                if (action == 0 && posted.Count > 0)
                {
                    affected = posted[(int)(amount % posted.Count)];
                    posted.Remove(affected);
                    ledger.ReverseAll(lines[affected.Key]);
                }
                else
                {
                    affected = new PaymentToAllocate(++key, Start.AddDays(day), amount);
                    posted.Add(affected);
                    lines[affected.Key] = [];
                }

                var order = posted.OrderBy(p => p.ValueDate).ThenBy(p => p.Key).ToList();
                var later = order.Where(p => (p.ValueDate, p.Key).CompareTo((affected.ValueDate, affected.Key)) >= 0).ToList();
                var kept = lines.Where(l => !later.Exists(p => p.Key == l.Key)).SelectMany(l => l.Value);
                var baseFacts = facts with { Movements = [.. facts.Movements, .. Ledger.Movements(kept)] };
                var fresh = PaymentReplay.Allocate(baseFacts, later, Modality, Rates, policy);
                foreach (var (payment, allocation) in later.Zip(fresh))
                {
                    if (!SameLines(Ledger.Net(lines[payment.Key]), allocation))
                    {
                        ledger.ReverseAll(lines[payment.Key]);
                        lines[payment.Key].AddRange(ledger.Book(payment, allocation));
                    }
                }
            }

            var final = posted.OrderBy(p => p.ValueDate).ThenBy(p => p.Key).ToList();
            var replay = PaymentReplay.Allocate(facts, final, Modality, Rates, policy);
            foreach (var (payment, allocation) in final.Zip(replay))
            {
                SameLines(Ledger.Net(lines[payment.Key]), allocation).ShouldBeTrue();
            }

            var end = Start.AddDays(endDay);
            var fromLedger = Ledger.Position(facts, lines.Values.SelectMany(l => l), end);
            var fromReplay = PositionCalculator.EndOfDay(
                facts with { Movements = [.. facts.Movements, .. final.Zip(replay).SelectMany(x => PaymentReplay.Movements(x.Second, x.First.ValueDate, x.First.Key))] },
                Modality,
                Rates,
                end);
            PositionShape.Of(fromLedger).ShouldBe(PositionShape.Of(fromReplay));
        }, iter: Iterations);
    }

    private static bool SameLines(List<(int? Installment, LedgerComponent Component, long Amount)> net, Allocation allocation) =>
        net.OrderBy(l => l.Installment).ThenBy(l => l.Component).SequenceEqual(
            allocation.Lines.Concat(allocation.InterestRelief).GroupBy(l => (l.InstallmentNumber, l.Component)).Select(g => (g.Key.InstallmentNumber, g.Key.Component, g.Sum(l => l.AmountMinor)))
                .OrderBy(l => l.InstallmentNumber).ThenBy(l => l.Component));

    private static List<long> InstallmentPaid(ObligationPosition p) =>
        [.. p.Installments.SelectMany(i => new[] { i.Outstanding(LedgerComponent.Principal), i.Outstanding(LedgerComponent.Interest), i.TotalOutstanding })];

    private static void CheckLimitsAndOrder(ObligationPosition before, Allocation allocation, DateOnly valueDate, AllocationPolicy policy)
    {
        var taken = allocation.Lines.Where(l => l.InstallmentNumber is not null)
            .GroupBy(l => (l.InstallmentNumber!.Value, l.Component)).ToDictionary(g => g.Key, g => g.Sum(l => l.AmountMinor));
        Func<InstallmentPosition, LedgerComponent, long> After = (i, c) => i.Outstanding(c) - taken.GetValueOrDefault((i.Number, c));

        // Nothing is taken beyond what is outstanding: no component ever goes negative.
        foreach (var ((number, component), amount) in taken)
        {
            var installment = before.Installment(number);
            amount.ShouldBeLessThanOrEqualTo(installment.Outstanding(component));
            (installment.Due(component) - installment.Settled(component) - amount).ShouldBeGreaterThanOrEqualTo(0);
        }

        // The buckets of installments due on or before the value date, in the policy's order.
        var due = before.Installments.Where(i => i.DueDate <= valueDate).ToList();
        var buckets = policy.Strategy == AllocationStrategy.InstallmentFirst
            ? due.SelectMany(i => policy.ComponentOrder.Select(c => (i, c))).ToList()
            : policy.ComponentOrder.SelectMany(c => due.Select(i => (i, c))).ToList();
        for (var k = 0; k < buckets.Count; k++)
        {
            if (taken.ContainsKey((buckets[k].i.Number, buckets[k].c)))
            {
                buckets.Take(k).Count(b => After(b.i, b.c) != 0).ShouldBe(0, $"bucket {k} took money before an earlier bucket was paid");
            }
        }

        var dueCleared = buckets.TrueForAll(b => After(b.i, b.c) == 0);
        var future = before.Installments.Where(i => i.DueDate > valueDate).ToList();
        foreach (var line in allocation.Lines)
        {
            if (line.Component == LedgerComponent.CreditBalance)
            {
                dueCleared.ShouldBeTrue();
                if (policy.Prepayment != PrepaymentPolicy.CreditBalance)
                {
                    future.Count(i => After(i, LedgerComponent.Principal) != 0).ShouldBe(0);
                }
            }
            else if (future.Exists(i => i.Number == line.InstallmentNumber))
            {
                // Only principal of future installments, as a prepayment, after everything due is paid.
                line.Prepayment.ShouldBeTrue();
                line.Component.ShouldBe(LedgerComponent.Principal);
                dueCleared.ShouldBeTrue();
                policy.Prepayment.ShouldNotBe(PrepaymentPolicy.CreditBalance);
                if (policy.Prepayment == PrepaymentPolicy.ReduceTerm)
                {
                    future.Where(i => i.DueDate > before.Installment(line.InstallmentNumber!.Value).DueDate)
                        .Count(i => After(i, LedgerComponent.Principal) != 0).ShouldBe(0, "reduce term pays the last installments first");
                }
            }
            else
            {
                line.Prepayment.ShouldBeFalse();
            }
        }
    }

    /// <summary>A tiny append-only ledger of payment lines with ids, reversals and net lines, as payment posting keeps it.</summary>
    private sealed class Ledger
    {
        private readonly HashSet<long> _reversed = [];
        private long _nextId = 1;

        /// <summary>The allocation as payment lines and its interest relief as adjustment lines, as posting books them.</summary>
        public List<LedgerEntry> Book(PaymentToAllocate payment, Allocation allocation) =>
            allocation.Lines.Select(l => (Kind: LedgerEntryKind.Payment, Line: l))
                .Concat(allocation.InterestRelief.Select(l => (Kind: LedgerEntryKind.Adjustment, Line: l)))
                .Select(x => Stored(LedgerEntry.Create(
                    1, x.Kind, x.Line.Component, Money.FromMinorUnits(-x.Line.AmountMinor, Currency.COP), payment.ValueDate, payment.ValueDate, "user:1", DateTimeOffset.UnixEpoch, x.Line.InstallmentNumber)))
                .ToList();

        public LedgerEntry Reverse(LedgerEntry entry)
        {
            _reversed.Add(entry.Id).ShouldBeTrue("an entry is reversed at most once");
            return Stored(entry.Reverse(entry.ValueDate, "re-allocation", "user:1", DateTimeOffset.UnixEpoch));
        }

        /// <summary>Reverses every line of the list not yet reversed, adding the reversals to the list.</summary>
        public void ReverseAll(List<LedgerEntry> lines) =>
            lines.AddRange(lines.Where(e => e.Kind != LedgerEntryKind.Reversal && !_reversed.Contains(e.Id)).ToList().Select(Reverse));

        /// <summary>What the lines of one payment add up to, per installment and component (settled amounts, positive).</summary>
        public static List<(int? Installment, LedgerComponent Component, long Amount)> Net(IEnumerable<LedgerEntry> lines) =>
            lines.GroupBy(e => (e.InstallmentNumber, e.Component))
                .Select(g => (g.Key.InstallmentNumber, g.Key.Component, -g.Sum(e => e.AmountMinor)))
                .Where(l => l.Item3 != 0)
                .ToList();

        public static List<Movement> Movements(IEnumerable<LedgerEntry> entries) => entries.Select(LedgerMovements.From).OfType<Movement>().ToList();

        public static ObligationPosition Position(ObligationFacts facts, IEnumerable<LedgerEntry> entries, DateOnly end) =>
            PositionCalculator.EndOfDay(facts with { Movements = [.. facts.Movements, .. Movements(entries)] }, Modality, Rates, end);

        private LedgerEntry Stored(LedgerEntry entry)
        {
            typeof(LedgerEntry).GetProperty(nameof(LedgerEntry.Id), BindingFlags.Public | BindingFlags.Instance)!.SetValue(entry, _nextId++);
            return entry;
        }
    }
}
