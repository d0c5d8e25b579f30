using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Payments;

/// <summary>A posted payment as other features read it: obligation, value date, amount in minor units, currency.</summary>
public sealed record PostedPayment(long ObligationId, DateOnly ValueDate, long AmountMinor, string CurrencyCode);

/// <summary>
/// Payments' public read model for other features (Collection's promises to pay): the posted payments of a set of
/// obligations in a range of value dates (reversed and pending ones excluded), and the payoff amount of obligations on
/// a date, computed exactly as the payment checks compute it (<see cref="PaymentChecks.Payoff"/>). Read-only.
/// </summary>
public sealed class PaymentFacts(CarteraDbContext db)
{
    /// <summary>Ids per query: keeps the <c>IN</c> list of both providers small.</summary>
    private const int Chunk = 1_000;

    /// <summary>The posted (not reversed) payments of <paramref name="obligationIds"/> with value date from
    /// <paramref name="from"/> through <paramref name="through"/>, in (value date, payment_id) order.</summary>
    public async Task<IReadOnlyList<PostedPayment>> PostedAsync(IReadOnlyCollection<long> obligationIds, DateOnly from, DateOnly through, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(obligationIds);
        var result = new List<Row>();
        foreach (var chunk in obligationIds.Distinct().Chunk(Chunk))
        {
            result.AddRange(await Query(chunk, from, through).ToListAsync(ct));
        }

        return Ordered(result);
    }

    /// <summary>The same as <see cref="PostedAsync"/>, synchronously (for an export's row iterator).</summary>
    public IReadOnlyList<PostedPayment> Posted(IReadOnlyCollection<long> obligationIds, DateOnly from, DateOnly through)
    {
        ArgumentNullException.ThrowIfNull(obligationIds);
        var result = new List<Row>();
        foreach (var chunk in obligationIds.Distinct().Chunk(Chunk))
        {
            result.AddRange(Query(chunk, from, through).ToList());
        }

        return Ordered(result);
    }

    private IQueryable<Row> Query(long[] chunk, DateOnly from, DateOnly through) =>
        db.Payments.AsNoTracking()
            .Where(p => chunk.Contains(p.ObligationId) && p.Status == PaymentStatus.Posted && p.ReceivedOn >= from && p.ReceivedOn <= through)
            .Select(p => new Row(new PostedPayment(p.ObligationId, p.ReceivedOn, p.AmountMinor, p.CurrencyCode), p.ExternalId));

    private static List<PostedPayment> Ordered(List<Row> rows) =>
        rows.OrderBy(r => r.Payment.ValueDate).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Payment).ToList();

    private sealed record Row(PostedPayment Payment, string Id);

    /// <summary>
    /// The payoff amount on <paramref name="date"/> of each obligation (everything it owes, due or not, before that day's
    /// accrual), in minor units of its currency, with the currency.
    /// </summary>
    public async Task<IReadOnlyList<(long ObligationId, string CurrencyCode, long PayoffMinor)>> PayoffAsync(IReadOnlyCollection<long> obligationIds, DateOnly date, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(obligationIds);
        var work = new PaymentUnitOfWork(db);
        var result = new List<(long, string, long)>();
        foreach (var id in obligationIds.Distinct().Order())
        {
            var state = await work.LoadAsync(id, ct);
            var (owed, _) = PaymentChecks.Payoff(state, date, await work.RatesAsync(state, ct));
            result.Add((id, state.Obligation.CurrencyCode, owed));
        }

        return result;
    }
}
