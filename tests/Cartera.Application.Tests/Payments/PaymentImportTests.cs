using Cartera.Application.Delinquency;
using Cartera.Application.Import;
using Cartera.Application.Tests.Import;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Payments;

public sealed class PaymentImportTests
{
    private const string Header = "payment_id,obligation_id,amount,currency,received_on,channel,reference\n";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_payments_file_posts_each_row_and_importing_it_again_posts_nothing(string provider)
    {
        using var files = new ImportFixture();
        await using var database = await TestDatabase.CreateAsync(provider);
        await PrepareAsync(files, database);
        var path = files.Write("pagos.csv", Header +
            "PAY-1,O2,1000000.00,COP,2026-03-18,bank,consignación 1\n" +
            "PAY-2,O1,500000,COP,2026-03-20,pse,\n" +
            "PAY-3,O1,250000,COP,2026-03-25,cash,futuro\n");

        var first = await files.ImportAsync(database, ImportKind.Payments, path);
        var linesAfterFirst = await LedgerLinesAsync(database);
        var again = await files.ImportAsync(database, ImportKind.Payments, path);

        first.Errors.ShouldBeEmpty();
        (first.Inserted, first.Unchanged).ShouldBe((3L, 0L));
        again.Errors.ShouldBeEmpty();
        (again.Inserted, again.Unchanged).ShouldBe((0L, 3L));
        await using var db = database.Context();
        var payments = await db.Payments.AsNoTracking().OrderBy(p => p.ExternalId).ToListAsync(Ct);
        payments.Select(p => (p.ExternalId, p.IdempotencyKey, p.Status)).ShouldBe(
        [
            ("PAY-1", "PAY-1", Application.Payments.PaymentStatus.Posted),
            ("PAY-2", "PAY-2", Application.Payments.PaymentStatus.Posted),
            ("PAY-3", "PAY-3", Application.Payments.PaymentStatus.Pending),
        ]);
        var o2 = await db.Obligations.Where(o => o.ExternalId == "O2").Select(o => o.Id).SingleAsync(Ct);
        (await db.LedgerEntries.Where(e => e.ObligationId == o2 && e.Kind == LedgerEntryKind.Payment).SumAsync(e => e.AmountMinor, Ct)).ShouldBe(-100_000_000);
        linesAfterFirst.ShouldBeGreaterThan(0);
        (await LedgerLinesAsync(database)).ShouldBe(linesAfterFirst);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Row_errors_reject_the_whole_file_a_changed_payment_included(string provider)
    {
        using var files = new ImportFixture();
        await using var database = await TestDatabase.CreateAsync(provider);
        await PrepareAsync(files, database);
        (await files.ImportAsync(database, ImportKind.Payments, files.Write("uno.csv", Header + "PAY-1,O2,1000000.00,COP,2026-03-18,bank,consignación 1\n"))).Errors.ShouldBeEmpty();

        var result = await files.ImportAsync(database, ImportKind.Payments, files.Write("malo.csv", Header +
            "PAY-1,O2,999999.00,COP,2026-03-18,bank,consignación 1\n" +
            "PAY-9,O9,100,COP,2026-03-18,bank,\n" +
            "PAY-4,O2,100,COP,2026-01-01,bank,\n" +
            "PAY-5,O2,100,USD,2026-03-19,bank,\n" +
            "PAY-6,O2,100,COP,2026-03-19,pigeon,\n" +
            "PAY-7,O2,100,COP,2026-03-19,bank,bien\n"));

        result.Succeeded.ShouldBeFalse();
        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (2L, "payment_id", "idempotency_mismatch"),
            (3L, "obligation_id", "unknown_obligation"),
            (4L, "received_on", "outside_window"),
            (5L, "currency", "currency_mismatch"),
            (6L, "channel", "invalid_code"),
        ]);
        await using var db = database.Context();
        (await db.Payments.CountAsync(Ct)).ShouldBe(1);
        (await db.Payments.AnyAsync(p => p.ExternalId == "PAY-7", Ct)).ShouldBeFalse();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Spanish_headers_are_accepted(string provider)
    {
        using var files = new ImportFixture();
        await using var database = await TestDatabase.CreateAsync(provider);
        await PrepareAsync(files, database);

        var result = await files.ImportAsync(database, ImportKind.Payments, files.Write("pagos.csv",
            "pago_id;obligacion_id;valor;moneda;fecha_pago;canal;referencia\nREC-1;O2;1500.50;COP;2026-03-20;agent;corresponsal\n"));

        result.Errors.ShouldBeEmpty();
        result.Inserted.ShouldBe(1);
    }

    private static async Task PrepareAsync(ImportFixture files, TestDatabase database)
    {
        await files.LoadPortfolioAsync(database);
        await using var db = database.Context();
        db.UsuryCaps.Add(new UsuryCapRow { Jurisdiction = "CO", Modality = CapModalities.ConsumerAndOrdinary, ValidFrom = new(2025, 1, 1), ValidTo = new(2027, 12, 31), UsuryEa = 0.2436m, Source = "test" });
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<int> LedgerLinesAsync(TestDatabase database)
    {
        await using var db = database.Context();
        return await db.LedgerEntries.CountAsync(e => EF.Property<long?>(e, Application.Payments.Payment.LedgerPaymentId) != null, Ct);
    }
}
