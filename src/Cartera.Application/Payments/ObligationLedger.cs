using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;

namespace Cartera.Application.Payments;

/// <summary>A ledger line with the payment it belongs to (null for lines of no payment).</summary>
internal sealed record LedgerLine(LedgerEntry Entry, long? PaymentId);

/// <summary>What a payment's lines add up to on one installment component (positive: settled).</summary>
internal sealed record NetLine(int? InstallmentNumber, LedgerComponent Component, long AmountMinor)
{
    public static bool Same(IEnumerable<NetLine> a, IEnumerable<NetLine> b) =>
        a.OrderBy(l => l.InstallmentNumber).ThenBy(l => l.Component).SequenceEqual(b.OrderBy(l => l.InstallmentNumber).ThenBy(l => l.Component));
}

/// <summary>One obligation's ledger lines in memory while a posting works on them (saved ones and those being added).</summary>
internal sealed class ObligationLedger(long obligationId, List<LedgerLine> lines)
{
    public long ObligationId { get; } = obligationId;

    public List<LedgerLine> Lines { get; } = lines;

    /// <summary>Money held for the debtor: what the credit-balance lines without installment add up to, as the engine reads them.</summary>
    public long CreditBalance => Movements(_ => true).Where(m => m.Component == LedgerComponent.CreditBalance && m.InstallmentNumber is null).Sum(m => m.AmountMinor);

    public List<Movement> Movements(Func<LedgerLine, bool> include) =>
        Lines.Where(include).Select(l => LedgerMovements.From(l.Entry)).OfType<Movement>().ToList();

    /// <summary>The net allocation of a payment: its lines (and their reversals) summed per installment and component.</summary>
    public List<NetLine> Net(long paymentId) =>
        Lines.Where(l => l.PaymentId == paymentId)
            .GroupBy(l => (l.Entry.InstallmentNumber, l.Entry.Component))
            .Select(g => new NetLine(g.Key.InstallmentNumber, g.Key.Component, -g.Sum(l => l.Entry.AmountMinor)))
            .Where(l => l.AmountMinor != 0)
            .ToList();

    /// <summary>Books a reversal of every line of the payment not reversed yet.</summary>
    public void ReverseNet(long paymentId, DateOnly businessDate, string reason, CarteraDbContext db)
    {
        var reversed = Lines.Where(l => l.Entry.ReversesEntryId is not null).Select(l => l.Entry.ReversesEntryId!.Value).ToHashSet();
        var open = Lines.Where(l => l.PaymentId == paymentId && l.Entry.Kind != LedgerEntryKind.Reversal && !reversed.Contains(l.Entry.Id)).ToList();
        var now = db.Clock.GetUtcNow();
        foreach (var line in open)
        {
            Add(line.Entry.Reverse(businessDate, reason, db.Actor.Name, now), paymentId, db);
        }
    }

    public void Add(LedgerEntry entry, long? paymentId, CarteraDbContext db)
    {
        db.LedgerEntries.Add(entry);
        db.Entry(entry).Property(Payment.LedgerPaymentId).CurrentValue = paymentId;
        Lines.Add(new LedgerLine(entry, paymentId));
    }
}
