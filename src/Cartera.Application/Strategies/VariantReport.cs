using Cartera.Application.Collection.Promises;
using Cartera.Application.Data;
using Cartera.Application.Payments;
using Cartera.Domain.Common;
using Cartera.Domain.Communications.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Strategies;

/// <summary>
/// One variant of a strategy over a period (docs/user/strategies.md, "Variant report"): the debtors it messaged, the
/// messages that went out, and what happened within the window after each debtor's first message — contact rate
/// (debtors with a message sent or delivered), promise rate (debtors who made a promise), amount recovered (payments
/// received on the debtor's obligations, by currency, minor units) and cure rate (debtors past due when first messaged
/// whose days past due were 0 on the last closed date of the window).
/// </summary>
public sealed record VariantFigures(
    string Strategy,
    string Variant,
    int Debtors,
    int Messages,
    int Contacted,
    int Promised,
    int PastDue,
    int Cured,
    IReadOnlyDictionary<string, long> RecoveredMinor)
{
    public double ContactRate => Rate(Contacted, Debtors);

    public double PromiseRate => Rate(Promised, Debtors);

    public double CureRate => Rate(Cured, PastDue);

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4, MidpointRounding.ToEven);
}

/// <summary>
/// Compares the champion/challenger variants of a strategy (issue 14): from the outbox (Communications' messages of the
/// strategy with send date in the period, planned and delivered — not the ones blocked or expired at planning),
/// Collection's promises, Payments' posted payments and CloseOfDay's snapshots, each read through its owner's public
/// read model or the documented read-only tables. Every debtor counts once per variant, from its first message.
/// </summary>
public sealed class VariantReport(CarteraDbContext db)
{
    public const int DefaultWindowDays = 30;

    private static readonly OutboxStatus[] NotPlanned = [OutboxStatus.Blocked, OutboxStatus.Expired];

    private static readonly OutboxStatus[] Reached = [OutboxStatus.Sent, OutboxStatus.Delivered];

    /// <exception cref="DomainException"><c>invalid_value</c> for a period that ends before it starts or a window outside 1–366 days.</exception>
    public async Task<IReadOnlyList<VariantFigures>> RunAsync(string strategy, DateOnly from, DateOnly to, int windowDays = DefaultWindowDays, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(strategy);
        if (to < from || windowDays is < 1 or > 366)
        {
            throw new DomainException("invalid_value", "The period must end on or after it starts and the window be 1 to 366 days.", "period");
        }

        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Strategy == strategy && m.SendDate >= from && m.SendDate <= to && !NotPlanned.Contains(m.Status))
            .Select(m => new { m.DebtorId, Variant = m.Variant ?? string.Empty, m.SendDate, m.Status })
            .ToListAsync(ct);
        var firsts = messages.GroupBy(m => (m.Variant, m.DebtorId))
            .Select(g => new First(g.Key.Variant, g.Key.DebtorId, g.Min(m => m.SendDate), g.Count(), g.Any(m => Reached.Contains(m.Status))))
            .ToList();
        if (firsts.Count == 0)
        {
            return [];
        }

        var debtorIds = firsts.Select(f => f.DebtorId).Distinct().ToList();
        var promises = await new PromiseQueries(db).MadeOnAsync(debtorIds, from, to.AddDays(windowDays), ct);
        var obligations = await db.Obligations.AsNoTracking().Where(o => debtorIds.Contains(o.DebtorId))
            .Select(o => new { o.Id, o.DebtorId }).ToListAsync(ct);
        var obligationDebtor = obligations.ToDictionary(o => o.Id, o => o.DebtorId);
        var payments = (await new PaymentFacts(db).PostedAsync(obligationDebtor.Keys, from, to.AddDays(windowDays), ct))
            .GroupBy(p => obligationDebtor[p.ObligationId]).ToDictionary(g => g.Key, g => g.ToList());
        var lastClosed = await db.DelinquencySnapshots.AsNoTracking().MaxAsync(s => (DateOnly?)s.BusinessDate, ct);
        var dpd = await db.DelinquencySnapshots.AsNoTracking()
            .Where(s => debtorIds.Contains(s.DebtorId) && s.BusinessDate >= from.AddDays(-1) && s.BusinessDate <= to.AddDays(windowDays))
            .GroupBy(s => new { s.DebtorId, s.BusinessDate })
            .Select(g => new { g.Key.DebtorId, g.Key.BusinessDate, Dpd = g.Max(s => s.Dpd) })
            .ToListAsync(ct);
        var dpdByDebtor = dpd.GroupBy(d => d.DebtorId).ToDictionary(g => g.Key, g => g.OrderBy(d => d.BusinessDate).Select(d => (d.BusinessDate, d.Dpd)).ToList());

        return firsts.GroupBy(f => f.Variant).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            int promised = 0, pastDue = 0, cured = 0;
            var recovered = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var f in g)
            {
                var end = f.FirstSend.AddDays(windowDays);
                if (promises.TryGetValue(f.DebtorId, out var made) && made.Any(d => d >= f.FirstSend && d <= end))
                {
                    promised++;
                }

                foreach (var p in payments.GetValueOrDefault(f.DebtorId) ?? [])
                {
                    if (p.ValueDate >= f.FirstSend && p.ValueDate <= end)
                    {
                        recovered[p.CurrencyCode] = checked(recovered.GetValueOrDefault(p.CurrencyCode) + p.AmountMinor);
                    }
                }

                var history = dpdByDebtor.GetValueOrDefault(f.DebtorId) ?? [];
                var before = history.LastOrDefault(h => h.BusinessDate <= f.FirstSend.AddDays(-1));
                if (before.Dpd > 0)
                {
                    pastDue++;
                    var last = lastClosed is { } closed && closed < end ? closed : end;
                    var after = history.LastOrDefault(h => h.BusinessDate <= last && h.BusinessDate >= f.FirstSend);
                    if (after.BusinessDate != default && after.Dpd == 0)
                    {
                        cured++;
                    }
                }
            }

            return new VariantFigures(strategy, g.Key, g.Count(), g.Sum(f => f.Messages), g.Count(f => f.Reached), promised, pastDue, cured, recovered);
        }).ToList();
    }

    private sealed record First(string Variant, long DebtorId, DateOnly FirstSend, int Messages, bool Reached);
}
