using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using CsCheck;
using static Cartera.Tests.Domain.Delinquency.DelinquencyTestData;

namespace Cartera.Tests.Domain.Delinquency;

/// <summary>
/// Invariants of the arrears replay (RULES §3) for any schedule, payment history, cap table and date: the explained
/// segments add up to the arrears, they are contiguous and never overlap, and the result equals a naive day-by-day
/// computation of round_half_even(unpaid principal after that day's payments × daily rate of min(contract, cap)).
/// </summary>
public sealed class ArrearsPropertyTests
{
    private const int Iterations = 2_000;

    private static readonly DateOnly Start = Day(2026, 1, 1);

    public sealed record History(ObligationFacts Facts, UsuryCap[] Caps, DateOnly Date)
    {
        public override string ToString() =>
            $"contract={Facts.ContractArrearsEa}; installments=[{string.Join(", ", Facts.Installments.Select(i => $"{i.Number}:{i.DueDate:yyyy-MM-dd}:{i.Principal}"))}]; "
            + $"movements=[{string.Join(", ", Facts.Movements.Select(m => $"{m.InstallmentNumber}:{m.ValueDate:yyyy-MM-dd}:{m.AmountMinor}"))}]; "
            + $"caps=[{string.Join(", ", Caps.Select(c => $"{c.ValidFrom:yyyy-MM-dd}..{c.ValidTo:yyyy-MM-dd}:{c.UsuryEa}"))}]; date={Date:yyyy-MM-dd}";
    }

    /// <summary>Contiguous monthly-ish cap rows over 2026–2027 (every day covered), rates 15–60 % EA.</summary>
    private static readonly Gen<UsuryCap[]> CapRows =
        Gen.Int[5, 45].Array[1, 24].Select(Gen.Int[1500, 6000].Array[24], (lengths, rates) =>
        {
            var rows = new List<UsuryCap>();
            var from = Start;
            for (var k = 0; k < lengths.Length; k++)
            {
                var to = k == lengths.Length - 1 ? Day(2027, 12, 31) : from.AddDays(lengths[k] - 1);
                if (to >= Day(2027, 12, 31))
                {
                    rows.Add(Cap(from, Day(2027, 12, 31), rates[k] / 10_000m));
                    break;
                }

                rows.Add(Cap(from, to, rates[k] / 10_000m));
                from = to.AddDays(1);
            }

            return rows.ToArray();
        });

    private static readonly Gen<ScheduledInstallment[]> Installments =
        Gen.Select(Gen.Int[0, 200], Gen.Long[0, 2_000_000_000L]).Array[1, 5].Select(parts =>
        {
            var due = Start;
            return parts.Select((p, k) =>
            {
                due = due.AddDays(p.Item1);
                return Installment(k + 1, due, p.Item2, p.Item2 / 10);
            }).ToArray();
        });

    private static readonly Gen<History> Histories =
        Gen.Select(Installments, CapRows, Gen.Int[0, 4000].Select(bp => bp == 0 ? (decimal?)null : bp / 10_000m), Gen.Int[0, 500])
        .SelectMany((installments, caps, contract, dateOffset) =>
            Gen.Select(Gen.Int[1, installments.Length], Gen.Int[0, 500], Gen.Long[-50_000_000L, 1_000_000_000L]).Array[0, 8]
                .Select(moves => new History(
                    Facts(contract, installments, moves.Select((m, k) => Paid(k + 1, Start.AddDays(m.Item2), m.Item1, LedgerComponent.Principal, m.Item3)).ToArray()),
                    caps,
                    Start.AddDays(dateOffset))));

    [Fact]
    public void Arrears_equal_a_naive_day_by_day_computation_and_the_sum_of_their_segments()
    {
        Histories.Sample(c =>
        {
            var rates = new ArrearsRateSource(new CapTable(c.Caps));
            var position = PositionCalculator.EndOfDay(c.Facts, Modality, rates, c.Date, explain: true);

            foreach (var installment in position.Installments)
            {
                installment.ArrearsAccrued.ShouldBe(Naive(c, installment.Number), c.ToString());
                position.Segments.Where(s => s.InstallmentNumber == installment.Number).Sum(s => s.Amount).ShouldBe(installment.ArrearsAccrued);
            }

            PositionCalculator.EndOfDay(c.Facts, Modality, rates, c.Date).Installments.Select(i => i.ArrearsAccrued)
                .ShouldBe(position.Installments.Select(i => i.ArrearsAccrued), "explaining does not change the figures");
        }, iter: Iterations);
    }

    [Fact]
    public void Segments_are_contiguous_do_not_overlap_and_cover_exactly_the_days_with_unpaid_principal()
    {
        Histories.Sample(c =>
        {
            var rates = new ArrearsRateSource(new CapTable(c.Caps));
            var position = PositionCalculator.EndOfDay(c.Facts, Modality, rates, c.Date, explain: true);

            foreach (var installment in c.Facts.Installments)
            {
                var segments = position.Segments.Where(s => s.InstallmentNumber == installment.Number).ToList();
                var covered = new HashSet<DateOnly>();
                for (var k = 0; k < segments.Count; k++)
                {
                    var s = segments[k];
                    s.From.ShouldBeLessThanOrEqualTo(s.To);
                    s.From.ShouldBeGreaterThan(installment.DueDate);
                    s.To.ShouldBeLessThanOrEqualTo(c.Date);
                    if (k > 0)
                    {
                        s.From.ShouldBeGreaterThan(segments[k - 1].To, c.ToString());
                    }

                    for (var d = s.From; d <= s.To; d = d.AddDays(1))
                    {
                        covered.Add(d).ShouldBeTrue();
                        Unpaid(c, installment.Number, d).ShouldBe(s.UnpaidPrincipal, c.ToString());
                        if (s.Cap is not null)
                        {
                            s.Cap.ShouldBe(c.Caps.Single(r => r.Covers(d)), "a segment's cap row is in force on each of its days");
                        }
                    }
                }

                var expected = new HashSet<DateOnly>();
                for (var d = installment.DueDate.AddDays(1); d <= c.Date; d = d.AddDays(1))
                {
                    if (Unpaid(c, installment.Number, d) > 0)
                    {
                        expected.Add(d);
                    }
                }

                covered.SetEquals(expected).ShouldBeTrue(c.ToString());
            }
        }, iter: Iterations);
    }

    [Fact]
    public void The_order_lines_were_booked_in_does_not_change_the_position()
    {
        Histories.Sample(c =>
        {
            var rates = new ArrearsRateSource(new CapTable(c.Caps));
            var reversed = c.Facts with { Movements = c.Facts.Movements.Reverse().ToArray() };

            var a = PositionCalculator.EndOfDay(c.Facts, Modality, rates, c.Date);
            var b = PositionCalculator.EndOfDay(reversed, Modality, rates, c.Date);

            b.Installments.Select(i => (i.Number, i.ArrearsAccrued, i.PrincipalSettled)).ShouldBe(a.Installments.Select(i => (i.Number, i.ArrearsAccrued, i.PrincipalSettled)));
        }, iter: Iterations);
    }

    [Fact]
    public void With_gaps_in_the_table_each_uncovered_day_uses_the_last_row_before_it_and_its_month_is_marked_assumed()
    {
        // Drop some rows of the contiguous table (never the first): the days they covered must carry the row before.
        var gapped = Histories.SelectMany(h => Gen.Bool.Array[h.Caps.Length].Select(keep => h with
        {
            Caps = h.Caps.Where((_, k) => k == 0 || keep[k]).ToArray(),
        }));
        gapped.Sample(c =>
        {
            var rates = new ArrearsRateSource(new CapTable(c.Caps));
            var position = PositionCalculator.EndOfDay(c.Facts, Modality, rates, c.Date, explain: true);
            var expectedMonths = new SortedSet<DateOnly>();
            foreach (var installment in position.Installments)
            {
                installment.ArrearsAccrued.ShouldBe(Naive(c, installment.Number, expectedMonths), c.ToString());
            }

            position.CapAssumedMonths.ShouldBe(expectedMonths, c.ToString());
        }, iter: Iterations);
    }

    private static long Unpaid(History c, int number, DateOnly day) =>
        c.Facts.Installments.Single(i => i.Number == number).Principal
        - c.Facts.Movements.Where(m => m.InstallmentNumber == number && m.ValueDate <= day).Sum(m => m.AmountMinor);

    private static long Naive(History c, int number, SortedSet<DateOnly>? assumedMonths = null)
    {
        var installment = c.Facts.Installments.Single(i => i.Number == number);
        long total = 0;
        for (var day = installment.DueDate.AddDays(1); day <= c.Date; day = day.AddDays(1))
        {
            var unpaid = Unpaid(c, number, day);
            if (unpaid <= 0)
            {
                continue;
            }

            // The row in force, else the last row that started before the day (the table's first row starts on Start).
            var row = c.Caps.SingleOrDefault(r => r.Covers(day));
            var assumed = row is null;
            row ??= c.Caps.Where(r => r.ValidFrom <= day).MaxBy(r => r.ValidFrom)!;
            var cap = row.UsuryEa;
            var ea = c.Facts.ContractArrearsEa is { } contract ? Math.Min(contract, cap) : cap;
            if (assumed && (c.Facts.ContractArrearsEa is null || cap < c.Facts.ContractArrearsEa))
            {
                assumedMonths?.Add(new DateOnly(day.Year, day.Month, 1));
            }

            total += (long)decimal.Round(unpaid * Cartera.Domain.Common.Rates.DailyFromEffectiveAnnual(ea), 0, MidpointRounding.ToEven);
        }

        return total;
    }
}
