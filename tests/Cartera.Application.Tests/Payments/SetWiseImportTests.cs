using System.Globalization;
using System.Text;
using Cartera.Application.Audit;
using Cartera.Application.Delinquency;
using Cartera.Application.Import;
using Cartera.Application.Payments;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Tests.Support;
using CsCheck;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Payments;

/// <summary>
/// Issue 12 item 7: <c>cartera import payments</c> allocates set-wise (one read per batch of obligations, in memory in
/// (value date, payment_id) order, one bulk write) and books exactly what posting the same payments one by one in that
/// order books: the same ledger lines (kind, component, amount, installment, dates, payment, reversed line), the same
/// installment paid columns and the same position, also when the file's payments land before payments already posted.
/// </summary>
public sealed class SetWiseImportTests
{
    private const string Header = "payment_id,obligation_id,amount,currency,received_on,channel,reference\n";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// <summary>A payment: its own id, amount in minor units, days before the business date (negative: a future value date, pending).</summary>
    private sealed record Paid(string PaymentId, long AmountMinor, int DaysBack);

    private static readonly Gen<Paid[]> GenPayments =
        Gen.Select(Gen.Int[0, 999], Gen.Long[1_000, 300_000], Gen.Int[-2, 6]).Array[1, 8]
            .Select(a => a.Select((p, k) => new Paid("P" + p.Item1.ToString("D3", CultureInfo.InvariantCulture) + "-" + k.ToString(CultureInfo.InvariantCulture), p.Item2, p.Item3)).ToArray());

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_set_wise_import_books_the_same_lines_as_posting_one_by_one(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        using var folder = new TempFolder();
        var sample = 0;
        await Gen.Select(GenPayments, GenPayments, Gen.Enum<PrepaymentPolicy>()).SampleAsync(
            async (existing, file, prepayment) =>
            {
                var n = Interlocked.Increment(ref sample).ToString(CultureInfo.InvariantCulture);
                var product = "set-" + n;
                await using (var db = f.Db())
                {
                    await new ProductCatalog(db).SaveAsync(ProductSettings.DefaultFor(product) with { Allocation = AllocationPolicy.Default with { Prepayment = prepayment }, ExcessCreditBalanceInstallments = 1_000m }, Ct);
                }

                var oneByOne = await f.AddLongObligationAsync("A-" + n, product, 12);
                var imported = await f.AddLongObligationAsync("B-" + n, product, 12);
                var fileRows = file.Select(p => p with { PaymentId = "F" + n + "-" + p.PaymentId }).ToList();
                foreach (var obligation in new[] { oneByOne, imported })
                {
                    foreach (var p in existing)
                    {
                        await f.Posting().PostAsync(Command(obligation, p, "E-" + obligation.ToString(CultureInfo.InvariantCulture) + "-" + p.PaymentId), Ct);
                    }
                }

                foreach (var p in fileRows.OrderBy(p => -p.DaysBack).ThenBy(p => p.PaymentId, StringComparer.Ordinal))
                {
                    await f.Posting().PostAsync(Command(oneByOne, p, "A-" + p.PaymentId), Ct);
                }

                var csv = new StringBuilder(Header);
                foreach (var p in fileRows)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{p.PaymentId},B-{n},{p.AmountMinor / 100m},COP,{PaymentFixture.Today.AddDays(-p.DaysBack):yyyy-MM-dd},bank,\n");
                }

                var result = await new PortfolioImporter(f.Database.Options, f.Clock, new FixedActor("cli:test", "cli"))
                    .ImportAsync(ImportKind.Payments, folder.Write("pagos-" + n + ".csv", csv.ToString()), new ImportOptions(), null, Ct);

                result.Errors.ShouldBeEmpty();
                result.Inserted.ShouldBe(fileRows.Count);
                (await LinesAsync(f, imported)).ShouldBe(await LinesAsync(f, oneByOne));
                (await f.PaidAsync(imported)).ShouldBe(await f.PaidAsync(oneByOne));
                PaymentFixture.Shape(await f.PositionAsync(imported, PaymentFixture.Today)).ShouldBe(PaymentFixture.Shape(await f.PositionAsync(oneByOne, PaymentFixture.Today)));
            },
            iter: provider == TestDatabase.Sqlite ? 25 : 10,
            threads: 1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_row_with_a_parse_error_still_reports_the_rules_its_parsed_cells_break(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        using var folder = new TempFolder();
        await f.AddObligationAsync("O-1");

        var result = await new PortfolioImporter(f.Database.Options, f.Clock, new FixedActor("cli:test", "cli")).ImportAsync(
            ImportKind.Payments,
            folder.Write("pagos.csv", Header +
                "R-1,O-1,10.00,COP,2025-01-01,pigeon,\n" +  // bad channel and outside the back-dating window
                "R-2,O-9,abc,COP,2026-03-20,bank,\n" +      // bad amount and unknown obligation
                "R-3,O-1,10.00,COP,2026-03-20,bank,\n"),
            new ImportOptions(),
            null,
            Ct);

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (2L, "channel", "invalid_code"),
            (2L, "received_on", "outside_window"),
            (3L, "amount", "invalid_number"),
            (3L, "obligation_id", "unknown_obligation"),
        ]);
        await using var db = f.Db();
        (await db.Payments.CountAsync(Ct)).ShouldBe(0);
    }

    private static PostPaymentCommand Command(long obligation, Paid p, string key) =>
        new(obligation, p.AmountMinor / 100m, "COP", PaymentFixture.Today.AddDays(-p.DaysBack), PaymentChannel.Bank, null, key, p.PaymentId);

    /// <summary>Every line but the disbursement, in booking order, with its payment's own id and the position of the line it reverses.</summary>
    private static async Task<List<string>> LinesAsync(PaymentFixture f, long obligationId)
    {
        await using var db = f.Database.Context();
        var payments = await db.Payments.AsNoTracking().Where(p => p.ObligationId == obligationId).ToDictionaryAsync(p => p.Id, p => p.ExternalId, Ct);
        var lines = await db.LedgerEntries.AsNoTracking().Where(e => e.ObligationId == obligationId && e.Kind != LedgerEntryKind.Disbursement).OrderBy(e => e.Id)
            .Select(e => new { Entry = e, PaymentId = EF.Property<long?>(e, Payment.LedgerPaymentId) }).ToListAsync(Ct);
        var position = lines.Select((l, k) => (l.Entry.Id, k)).ToDictionary(x => x.Id, x => x.k);
        return lines.Select(l => string.Join(
            '|',
            l.Entry.Kind,
            l.Entry.Component,
            l.Entry.AmountMinor.ToString(CultureInfo.InvariantCulture),
            l.Entry.InstallmentNumber?.ToString(CultureInfo.InvariantCulture),
            l.Entry.ValueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            l.Entry.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            l.PaymentId is { } id ? payments[id] : "-",
            l.Entry.ReversesEntryId is { } r ? position[r].ToString(CultureInfo.InvariantCulture) : "-")).ToList();
    }

    private sealed class TempFolder : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("cartera-setwise-").FullName;

        public string Write(string name, string content)
        {
            var path = Path.Combine(_path, name);
            File.WriteAllText(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}
