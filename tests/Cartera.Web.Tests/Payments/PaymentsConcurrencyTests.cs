using System.Diagnostics;
using System.Globalization;
using System.Net;
using Cartera.Application.Delinquency;
using Cartera.Application.Identity;
using Cartera.Application.Payments;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Payments;

/// <summary>
/// 32 HTTP clients post 2,000 payments over a real Kestrel host; every request is sent twice with the same key (a quarter
/// of them concurrently). Nothing is posted twice, and the final balances equal posting the same payments one by one in a
/// fresh database. One class per provider, so the two long runs may run side by side.
/// </summary>
public abstract class PaymentsConcurrencyTests(string provider)
{
    private const int Clients = 32;
    private const int PaymentCount = 2_000;
    private const int Obligations = 100;
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_clients_with_retries_never_post_a_payment_twice_and_end_where_sequential_posting_ends()
    {
        var total = Stopwatch.StartNew();
        await using var host = await CarteraHost.StartAsync(provider);
        var loans = await SeedAsync(host);
        var seeded = total.Elapsed;
        var payments = Enumerable.Range(0, PaymentCount)
            .Select(k => (Key: "conc-" + k.ToString(CultureInfo.InvariantCulture), Loan: loans[k % Obligations], Amount: 10_000m + (k * 7_919 % 90_000_000 / 100m)))
            .ToList();
        var clients = new List<HttpClient>();
        for (var c = 0; c < Clients; c++)
        {
            clients.Add(await host.ClientForAsync("supervisor@cartera.test"));
        }

        var clock = Stopwatch.StartNew();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, PaymentCount), new ParallelOptions { MaxDegreeOfParallelism = Clients, CancellationToken = Ct }, async (k, _) =>
        {
            var client = clients[k % Clients];
            var (key, loan, amount) = payments[k];
            var body = PaymentsApiTests.Body(loan, amount.ToString("F2", CultureInfo.InvariantCulture));
            HttpResponseMessage[] responses = k % 4 == 0
                ? await Task.WhenAll(PaymentsApiTests.PostPaymentAsync(client, body, key), PaymentsApiTests.PostPaymentAsync(clients[(k + 1) % Clients], body, key))
                : [await PaymentsApiTests.PostPaymentAsync(client, body, key), await PaymentsApiTests.PostPaymentAsync(client, body, key)];
            foreach (var r in responses)
            {
                statuses.Add(r.StatusCode);
                r.Dispose();
            }
        });
        clock.Stop();

        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(PaymentCount);
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(PaymentCount);
        await using (var db = host.Db())
        {
            (await db.Payments.CountAsync(Ct)).ShouldBe(PaymentCount);
            var lines = await db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Payment || e.Kind == LedgerEntryKind.Reversal)
                .Select(e => new { e.AmountMinor, PaymentId = EF.Property<long?>(e, Payment.LedgerPaymentId) }).ToListAsync(Ct);
            var stored = await db.Payments.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.AmountMinor, Ct);
            lines.ShouldAllBe(l => l.PaymentId != null);
            foreach (var group in lines.GroupBy(l => l.PaymentId!.Value))
            {
                (-group.Sum(l => l.AmountMinor)).ShouldBe(stored[group.Key], "a payment's lines add up to it once, never twice");
            }

            lines.Select(l => l.PaymentId).Distinct().Count().ShouldBe(PaymentCount);
        }

        var verified = total.Elapsed;
        // The same payments posted one by one, in a fresh database.
        await using var fresh = await CarteraHost.StartAsync(provider);
        var freshLoans = await SeedAsync(fresh);
        var freshSeeded = total.Elapsed;
        await using (var db = fresh.Database.Context(null, fresh.Clock))
        {
            // One transaction for the whole sequence (the posting joins it), so the comparison does not pay 2,000 commits.
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var posting = new PaymentPosting(db);
            foreach (var (key, loan, amount) in payments)
            {
                var target = freshLoans[loans.IndexOf(loan)];
                await posting.PostAsync(new PostPaymentCommand(target, amount, "COP", new DateOnly(2026, 3, 20), PaymentChannel.Bank, "consignación 123", key), Ct);
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync(Ct);
        }

        var sequential = total.Elapsed;
        for (var k = 0; k < Obligations; k++)
        {
            (await ShapeAsync(host, loans[k])).ShouldBe(await ShapeAsync(fresh, freshLoans[k]));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{provider}: 4,000 requests in {clock.Elapsed.TotalSeconds:F1} s, total {total.Elapsed.TotalSeconds:F1} s (seeded {seeded.TotalSeconds:F1}, verified {verified.TotalSeconds:F1}, fresh seeded {freshSeeded.TotalSeconds:F1}, sequential {sequential.TotalSeconds:F1})");
    }

    private static async Task<List<long>> SeedAsync(CarteraHost host)
    {
        await PaymentsApiTests.AddCapAsync(host);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var loans = new List<long>();
        for (var k = 0; k < Obligations; k++)
        {
            // 20,000,000.00: the twenty payments of an obligation (about 9,200,000.00) stay within the credit-balance limit.
            loans.Add((await host.AddObligationAsync(debtor.Id, "CR-" + k.ToString(CultureInfo.InvariantCulture), principal: 20_000_000m)).Id);
        }

        return loans;
    }

    /// <summary>Paid columns and the end-of-day position of an obligation.</summary>
    private static async Task<string> ShapeAsync(CarteraHost host, long obligationId)
    {
        await using var db = host.Db();
        var loaded = await new DelinquencyFactsLoader(db).LoadAsync(obligationId, Ct);
        var rates = new ArrearsRateSource(await new CapTableStore(db).LoadAsync("CO", Ct));
        var position = PositionCalculator.EndOfDay(loaded.Facts, loaded.Settings.CapModality, rates, new DateOnly(2026, 3, 20));
        var paid = await db.Installments.AsNoTracking().Where(i => i.ObligationId == obligationId).OrderBy(i => i.Number)
            .Select(i => new { i.PrincipalPaidMinor, i.InterestPaidMinor, i.InsurancePaidMinor, i.OtherPaidMinor }).ToListAsync(Ct);
        return string.Join(
            ';',
            position.Installments.Select(i => string.Join(',', LedgerComponentsOf(i)))
                .Append(position.CreditBalance.ToString(CultureInfo.InvariantCulture))
                .Concat(paid.Select(p => $"{p.PrincipalPaidMinor},{p.InterestPaidMinor},{p.InsurancePaidMinor},{p.OtherPaidMinor}")));
    }

    private static IEnumerable<long> LedgerComponentsOf(InstallmentPosition i) =>
        new[] { LedgerComponent.Principal, LedgerComponent.Interest, LedgerComponent.ArrearsInterest, LedgerComponent.Fee }.Select(c => i.Settled(c));
}

/// <summary><see cref="PaymentsConcurrencyTests"/> on SQLite.</summary>
public sealed class PaymentsConcurrencyOnSqliteTests() : PaymentsConcurrencyTests(TestDatabase.Sqlite);

/// <summary><see cref="PaymentsConcurrencyTests"/> on PostgreSQL.</summary>
public sealed class PaymentsConcurrencyOnPostgresTests() : PaymentsConcurrencyTests(TestDatabase.Postgres);
