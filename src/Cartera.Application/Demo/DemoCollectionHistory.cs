using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Agreements;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Demo;

/// <summary>What the demo's collection history holds.</summary>
public sealed record DemoHistoryResult(int Promises, int Payments, int Agreements);

/// <summary>
/// Collection history for the demo collectors' assigned debtors (after <see cref="DemoUsers.EnsureAsync"/> and the close
/// of the previous day), through the features' own services: on one obligation of the collector's debtors four promises
/// to pay in turn — kept (paid in full 19 days ago), partial (40 % paid 11 days ago), broken (nothing paid) and pending
/// (due in five days) — and, on two more obligations of the demo collectors' debtors, two payment agreements requested by
/// the collector: one within the collector's limit (approved and booked at once) and one with a full arrears waiver,
/// pending a supervisor's approval. Promises made on closed dates get their status as of the last closed date at once.
/// The back-dated payments leave their debtor pending recompute until the next close. Idempotent: a database that
/// already holds the demo promises is left as it is.
/// </summary>
public sealed class DemoCollectionHistory(CarteraDbContext db, TimeProvider clock, PaymentPosting payments, AgreementOptions agreementOptions)
{
    public const string PromisePrefix = "DEMO-PP-";

    public async Task<DemoHistoryResult> EnsureAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Promises.AnyAsync(p => p.ExternalId.StartsWith(PromisePrefix), cancellationToken))
        {
            return new DemoHistoryResult(0, 0, 0);
        }

        var collectorEmail = DemoUsers.Accounts.Single(a => a.Role == Identity.Roles.Collector).Email;
        var emails = DemoUsers.Accounts.Where(a => a.Role is Identity.Roles.Collector or Identity.Roles.FieldAgent or Identity.Roles.Agency).Select(a => a.Email).ToList();
        var users = await db.Users.AsNoTracking().Where(u => u.Email != null && emails.Contains(u.Email)).Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
        var collector = users.SingleOrDefault(u => u.Email == collectorEmail);
        if (collector is null)
        {
            return new DemoHistoryResult(0, 0, 0);
        }

        // The collector's debtors first, then the field agent's and the agency's.
        var userIds = users.OrderBy(u => u.Email == collectorEmail ? 0 : 1).Select(u => u.Id).ToList();
        var assigned = await db.DebtorAssignments.AsNoTracking().Where(a => userIds.Contains(a.UserId) && a.EndedAt == null)
            .Select(a => new { a.DebtorId, a.UserId }).ToListAsync(cancellationToken);
        var debtorOrder = assigned.OrderBy(a => userIds.IndexOf(a.UserId)).ThenBy(a => a.DebtorId).Select(a => a.DebtorId).Distinct().ToList();
        var obligations = await db.Obligations.AsNoTracking()
            .Where(o => debtorOrder.Contains(o.DebtorId) && o.Status == ObligationStatus.Active && o.Kind != ObligationKind.Agreement)
            .Select(o => new { o.Id, o.DebtorId, o.ExternalId, o.CurrencyCode }).ToListAsync(cancellationToken);
        var ordered = obligations.OrderBy(o => debtorOrder.IndexOf(o.DebtorId)).ThenBy(o => o.Id).ToList();
        var today = await new BusinessCalendar(db).CurrentAsync(cancellationToken);
        var collectorActor = new FixedActor($"user:{collector.Id}:{collector.Email}", "demo");

        var promised = 0;
        var paid = 0;
        var facts = new PaymentFacts(db);
        var promiseTarget = ordered.FirstOrDefault(o => assigned.Any(a => a.DebtorId == o.DebtorId && a.UserId == collector.Id));
        if (promiseTarget is not null)
        {
            var payoff = (await facts.PayoffAsync([promiseTarget.Id], today.AddDays(-20), cancellationToken)).Sum(p => p.PayoffMinor);
            // A round amount a tenth of what is owed (at most 500,000), so four promises fit under the payoff.
            var amount = Math.Min(500_000m, Math.Floor(payoff / 100m / 10m / 1_000m) * 1_000m);
            if (amount > 0)
            {
                var service = new PromiseService(db, clock, collectorActor);
                async Task PromiseAsync(string suffix, int madeDaysAgo, int dueDaysAgo)
                {
                    await service.MakeAsync(
                        new MakePromiseCommand(promiseTarget.DebtorId, [promiseTarget.ExternalId], today.AddDays(-madeDaysAgo), promiseTarget.CurrencyCode, [new PromiseInstallmentInput(today.AddDays(-dueDaysAgo), amount)], PromisePrefix + suffix, collectorEmail),
                        cancellationToken);
                    promised++;
                }

                async Task PayAsync(decimal value, int daysAgo)
                {
                    var on = today.AddDays(-daysAgo);
                    await payments.PostAsync(new PostPaymentCommand(promiseTarget.Id, value, promiseTarget.CurrencyCode, on, PaymentChannel.Bank, "Demo", $"DEMO-PAGO-{promiseTarget.Id}-{on:yyyyMMdd}"), cancellationToken);
                    paid++;
                }

                await PayAsync(amount, 19);
                await PayAsync(Math.Round(amount * 0.4m, 0), 11);
                await PromiseAsync("KEPT-" + promiseTarget.ExternalId, 20, 18);
                await PromiseAsync("PARTIAL-" + promiseTarget.ExternalId, 12, 10);
                await PromiseAsync("BROKEN-" + promiseTarget.ExternalId, 6, 4);
                await PromiseAsync("PENDING-" + promiseTarget.ExternalId, 1, -5);
            }
        }

        // Two agreements on other obligations, requested by the collector on today's date.
        var agreements = 0;
        var service2 = new PaymentAgreements(db, collectorActor, clock, agreementOptions);
        foreach (var obligation in ordered.Where(o => o.Id != promiseTarget?.Id))
        {
            if (agreements == 2)
            {
                break;
            }

            // The first within a collector's limit (w_a 0.5, 6 installments: approved at once, its down payment paid and booked), the second above it (w_a 1: a supervisor's).
            var waiver = agreements == 0 ? 0.5m : 1m;
            try
            {
                var view = await service2.CreateAsync(new AgreementRequest([obligation.Id], today, agreements == 0 ? 6 : 12, 0m, ArrearsWaiver: waiver), AgreementApprover.Collector, cancellationToken);
                if (view.Agreement.Status == AgreementStatus.Approved)
                {
                    // The debtor pays the down payment the same day, so the demo shows an active agreement obligation.
                    var down = Money.FromMinorUnits(view.Agreement.DownPaymentMinor, Currency.Of(view.Agreement.CurrencyCode)).Amount;
                    await payments.PostAsync(new PostPaymentCommand(obligation.Id, down, obligation.CurrencyCode, today, PaymentChannel.Bank, "Demo: cuota inicial", $"DEMO-CUOTA-INICIAL-{view.Agreement.Id}"), cancellationToken);
                    await service2.SettleDownPaymentAsync(view.Agreement.Id, today, cancellationToken);
                    paid++;
                }

                agreements++;
            }
            catch (Domain.Common.DomainException)
            {
                db.ChangeTracker.Clear(); // nothing to agree on this one (paid, or nothing owed): the next
            }
        }

        db.ChangeTracker.Clear();
        return new DemoHistoryResult(promised, paid, agreements);
    }

    /// <summary>The demo's statuses in words (for the CLI's summary).</summary>
    public static string Describe(DemoHistoryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture, $"{result.Promises} promises to pay (kept, partial, broken, pending), {result.Payments} payments, {result.Agreements} payment agreements");
    }
}
