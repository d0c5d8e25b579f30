using Cartera.Application.Data;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Payments;

/// <summary>A ledger line with the payment it belongs to (null for lines of no payment).</summary>
public sealed record LedgerLine(LedgerEntry Entry, long? PaymentId);

/// <summary>What a payment's lines add up to on one installment component (positive: settled).</summary>
public sealed record NetLine(int? InstallmentNumber, LedgerComponent Component, long AmountMinor)
{
    public static List<NetLine> Of(IEnumerable<AllocationLine> lines) =>
        lines.GroupBy(l => (l.InstallmentNumber, l.Component))
            .Select(g => new NetLine(g.Key.InstallmentNumber, g.Key.Component, g.Sum(l => l.AmountMinor)))
            .Where(l => l.AmountMinor != 0)
            .ToList();

    public static bool Same(IEnumerable<NetLine> a, IEnumerable<NetLine> b) =>
        a.OrderBy(l => l.InstallmentNumber).ThenBy(l => l.Component).SequenceEqual(b.OrderBy(l => l.InstallmentNumber).ThenBy(l => l.Component));
}

/// <summary>Where the lines a posting books go: the EF change tracker (one posting) or the import's bulk write.</summary>
public interface ILedgerLineSink
{
    void Add(LedgerEntry entry, long? paymentId);
}

/// <summary>Books lines through the DbContext: added to the change tracker with their payment id, saved by SaveChanges.</summary>
internal sealed class TrackedLedgerLines(CarteraDbContext db) : ILedgerLineSink
{
    public void Add(LedgerEntry entry, long? paymentId)
    {
        db.LedgerEntries.Add(entry);
        db.Entry(entry).Property(Payment.LedgerPaymentId).CurrentValue = paymentId;
    }
}

/// <summary>One obligation's ledger lines in memory while a posting works on them (saved ones and those being added).</summary>
public sealed class ObligationLedger(long obligationId, List<LedgerLine> lines, ILedgerLineSink sink)
{
    public long ObligationId { get; } = obligationId;

    public List<LedgerLine> Lines { get; } = lines;

    /// <summary>Money held for the debtor: what the credit-balance lines without installment add up to, as the engine reads them.</summary>
    public long CreditBalance => Movements(_ => true).Where(m => m.Component == LedgerComponent.CreditBalance && m.InstallmentNumber is null).Sum(m => m.AmountMinor);

    public List<Movement> Movements(Func<LedgerLine, bool> include) =>
        Lines.Where(include).Select(l => LedgerMovements.From(l.Entry)).OfType<Movement>().ToList();

    /// <summary>The net allocation of a payment: its lines (and their reversals) summed per installment and component.</summary>
    /// <param name="relief">null: every line of the payment; false: its allocation (payment lines and their
    /// reversals); true: the interest relief it brought (adjustment lines and their reversals).</param>
    public List<NetLine> Net(long paymentId, bool? relief = null) =>
        Lines.Where(l => l.PaymentId == paymentId && (relief is null || IsRelief(l.Entry) == relief))
            .GroupBy(l => (l.Entry.InstallmentNumber, l.Entry.Component))
            .Select(g => new NetLine(g.Key.InstallmentNumber, g.Key.Component, -g.Sum(l => l.Entry.AmountMinor)))
            .Where(l => l.AmountMinor != 0)
            .ToList();

    /// <summary>Books a reversal of every line of the payment not reversed yet.</summary>
    private bool IsRelief(LedgerEntry entry)
    {
        var original = entry;
        if (entry.Kind == LedgerEntryKind.Reversal && entry.ReversesEntryId is { } id)
        {
            original = Lines.Find(l => l.Entry.Id == id)?.Entry ?? entry;
        }

        return original.Kind == LedgerEntryKind.Adjustment;
    }

    public void ReverseNet(long paymentId, DateOnly businessDate, string reason, string actor, DateTimeOffset now)
    {
        var reversed = Lines.Where(l => l.Entry.ReversesEntryId is not null).Select(l => l.Entry.ReversesEntryId!.Value).ToHashSet();
        var open = Lines.Where(l => l.PaymentId == paymentId && l.Entry.Kind != LedgerEntryKind.Reversal && !reversed.Contains(l.Entry.Id)).ToList();
        foreach (var line in open)
        {
            Add(line.Entry.Reverse(businessDate, reason, actor, now), paymentId);
        }
    }

    public void Add(LedgerEntry entry, long? paymentId)
    {
        sink.Add(entry, paymentId);
        Lines.Add(new LedgerLine(entry, paymentId));
    }
}

/// <summary>One obligation as a posting sees it, read once per transaction after its lock.</summary>
public sealed class ObligationState(Obligation obligation, ProductSettings settings, List<Installment> installments, ObligationLedger ledger, DateOnly business)
{
    public Obligation Obligation { get; } = obligation;

    public ProductSettings Settings { get; } = settings;

    /// <summary>Tracked: <see cref="SyncInstallments"/> updates their paid columns.</summary>
    public List<Installment> Installments { get; } = installments;

    public ObligationLedger Ledger { get; } = ledger;

    /// <summary>The current business date: the business date of every line booked now.</summary>
    public DateOnly Business { get; } = business;

    /// <summary>The engine's facts: the schedule and the ledger lines that <paramref name="include"/> keeps.</summary>
    public ObligationFacts Facts(Func<LedgerLine, bool> include) => new(
        Obligation.Id,
        Obligation.DebtorId,
        Obligation.CurrencyCode,
        Obligation.Kind,
        Obligation.ArrearsRateEa,
        Installments.Select(i => new ScheduledInstallment(i.Number, i.DueDate, i.PrincipalMinor, i.InterestMinor, i.InsuranceMinor, i.OtherMinor)).ToList(),
        Ledger.Movements(include));

    /// <summary>Sets every installment's paid columns to what the ledger settles on it (clamped to 0..due): a derived cache.</summary>
    public void SyncInstallments()
    {
        var settled = Ledger.Movements(_ => true)
            .Where(m => m.Type == MovementType.Settlement && m.InstallmentNumber is not null)
            .GroupBy(m => (m.InstallmentNumber!.Value, m.Component))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.AmountMinor));
        foreach (var i in Installments)
        {
            long Delta(LedgerComponent c, long due, long paid) => Math.Clamp(settled.GetValueOrDefault((i.Number, c)), 0, due) - paid;
            i.RecordPaid(
                Delta(LedgerComponent.Principal, i.PrincipalMinor, i.PrincipalPaidMinor),
                Delta(LedgerComponent.Interest, i.InterestMinor, i.InterestPaidMinor),
                Delta(LedgerComponent.Insurance, i.InsuranceMinor, i.InsurancePaidMinor),
                Delta(LedgerComponent.Other, i.OtherMinor, i.OtherPaidMinor));
        }
    }

    /// <summary>A payment with its current net allocation, in display order (installment, then the default component order;
    /// the credit balance last). A line on an installment due after the value date is a prepayment.</summary>
    public PaymentView View(Payment payment)
    {
        var due = Installments.ToDictionary(i => i.Number, i => i.DueDate);
        var lines = Ledger.Net(payment.Id, relief: false)
            .OrderBy(l => l.InstallmentNumber is null)
            .ThenBy(l => l.InstallmentNumber)
            .ThenBy(l => AllocationPolicy.DefaultOrder.ToList().IndexOf(l.Component))
            .Select(l => new AllocatedLine(l.InstallmentNumber, l.Component, l.AmountMinor, l.InstallmentNumber is { } n && due.TryGetValue(n, out var d) && d > payment.ReceivedOn))
            .ToList();
        var relief = Ledger.Net(payment.Id, relief: true)
            .OrderBy(l => l.InstallmentNumber)
            .Select(l => new AllocatedLine(l.InstallmentNumber, l.Component, l.AmountMinor, Prepayment: false))
            .ToList();
        return new PaymentView(payment, lines) { InterestRelief = relief };
    }
}
