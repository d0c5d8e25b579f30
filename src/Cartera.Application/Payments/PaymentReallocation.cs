using System.Globalization;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;

namespace Cartera.Application.Payments;

/// <summary>
/// Re-allocation of an obligation's posted payments, in memory (RULES §5). Payments are ordered by (value date, payment
/// id) — payment id being the payment's own id (<see cref="Payment.ExternalId"/>, ordinal), never the order of arrival,
/// so the ledger is a function of the set of payments. Posting or reversing one re-allocates every later posted
/// payment: they are replayed (<see cref="PaymentReplay"/>) over the ledger without their lines, and each one whose
/// allocation changed gets its net lines reversed and its new allocation booked, so the ledger stays append-only and its
/// net allocation always equals a fresh replay.
/// </summary>
public static class PaymentReallocation
{
    /// <summary>The posted payments of <paramref name="stored"/> at or after (value date, payment id), in allocation order.</summary>
    public static List<Payment> Affected(IEnumerable<Payment> stored, DateOnly fromValueDate, string fromPaymentId) =>
        stored
            .Where(p => p.Status == PaymentStatus.Posted && (p.ReceivedOn > fromValueDate || (p.ReceivedOn == fromValueDate && string.CompareOrdinal(p.ExternalId, fromPaymentId) >= 0)))
            .OrderBy(p => p.ReceivedOn).ThenBy(p => p.ExternalId, StringComparer.Ordinal).ToList();

    /// <summary>Books what re-allocating <paramref name="affected"/> changes, then brings the installments' paid columns
    /// in line with the ledger. <paramref name="rates"/> may be null only when nothing is affected.</summary>
    public static void Apply(ObligationState state, List<Payment> affected, ArrearsRateSource? rates, string actor, DateTimeOffset now)
    {
        if (affected.Count > 0)
        {
            ArgumentNullException.ThrowIfNull(rates);
            var obligationId = state.Obligation.Id;
            var ids = affected.Select(p => p.Id).ToHashSet();
            var facts = state.Facts(l => l.PaymentId is not { } id || !ids.Contains(id));
            var fresh = PaymentReplay.Allocate(facts, affected.Select(p => new PaymentToAllocate(p.Id, p.ReceivedOn, p.AmountMinor)).ToList(), state.Settings.CapModality, rates, state.Settings.Allocation);
            var currency = state.Obligation.Currency;
            for (var k = 0; k < affected.Count; k++)
            {
                var payment = affected[k];
                var wanted = NetLine.Of(fresh[k].Lines);
                var relief = NetLine.Of(fresh[k].InterestRelief);
                if (NetLine.Same(state.Ledger.Net(payment.Id, relief: false), wanted) && NetLine.Same(state.Ledger.Net(payment.Id, relief: true), relief))
                {
                    continue;
                }

                state.Ledger.ReverseNet(payment.Id, state.Business, "Re-allocation of payment " + payment.Id.ToString(CultureInfo.InvariantCulture), actor, now);
                foreach (var line in wanted)
                {
                    var entry = LedgerEntry.Create(
                        obligationId, LedgerEntryKind.Payment, line.Component, Money.FromMinorUnits(-line.AmountMinor, currency), state.Business, payment.ReceivedOn, actor, now, line.InstallmentNumber, description: "Payment " + payment.ExternalId);
                    state.Ledger.Add(entry, payment.Id);
                }

                // Interest the prepayment made no longer owed: an adjustment (not money received) tied to the payment, so
                // reversing or re-allocating the payment undoes it too.
                foreach (var line in relief)
                {
                    var entry = LedgerEntry.Create(
                        obligationId, LedgerEntryKind.Adjustment, line.Component, Money.FromMinorUnits(-line.AmountMinor, currency), state.Business, payment.ReceivedOn, actor, now, line.InstallmentNumber, description: "Interest relief after prepayment " + payment.ExternalId);
                    state.Ledger.Add(entry, payment.Id);
                }
            }
        }

        state.SyncInstallments();
    }
}
