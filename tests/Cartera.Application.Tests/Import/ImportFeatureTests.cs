using Cartera.Application.Import;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Cartera.Application.Tests.Import;

public sealed class ImportFeatureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Spanish_headers_semicolons_and_a_bom_are_accepted(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var content = "deudor_id;tipo;tipo_documento;numero_documento;nombre;fecha_nacimiento;país;departamento;ciudad;dirección;celular;teléfono;correo\n" +
            "D1;person;CC;1.020.304.050;Ana Pérez;1985-04-12;co;Cundinamarca;Bogotá;\"Calle 1; apto 2\";300 123 4567;;ANA@EXAMPLE.COM\n" +
            "D2;company;NIT;900123456;Comercial Andina SAS;;CO;;;;;;\n";

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("deudores.csv", content, bom: true));

        result.Errors.ShouldBeEmpty();
        result.Inserted.ShouldBe(2);
        await using var db = database.Context();
        var ana = await db.Debtors.Include(d => d.ContactPoints).SingleAsync(d => d.ExternalId == "D1", Ct);
        ana.IdNumber.ShouldBe("1020304050");
        ana.Address.ShouldBe("Calle 1; apto 2");
        ana.ContactPoints.Single(c => c.Channel == ContactChannel.Email).Value.ShouldBe("ana@example.com");
        (await db.Debtors.SingleAsync(d => d.ExternalId == "D2", Ct)).IdCheckDigit.ShouldBe("8");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_xlsx_workbook_imports_like_a_csv(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var path = files.PathOf("deudores.xlsx");
        var rows = new[]
        {
            new Dictionary<string, object?> { ["deudor_id"] = "D1", ["tipo"] = "person", ["tipo_documento"] = "CC", ["numero_documento"] = 1020304050L, ["nombre"] = "Ana Pérez", ["fecha_nacimiento"] = new DateTime(1985, 4, 12), ["pais"] = "CO", ["celular"] = "3001234567" },
            new Dictionary<string, object?> { ["deudor_id"] = "D2", ["tipo"] = "company", ["tipo_documento"] = "NIT", ["numero_documento"] = "900123456-8", ["nombre"] = "Andina", ["fecha_nacimiento"] = null, ["pais"] = "CO", ["celular"] = null },
        };
        await MiniExcel.SaveAsAsync(path, rows, cancellationToken: Ct);

        var result = await files.ImportAsync(database, ImportKind.Debtors, path);

        result.Errors.ShouldBeEmpty();
        result.Inserted.ShouldBe(2);
        await using var db = database.Context();
        (await db.Debtors.SingleAsync(d => d.ExternalId == "D1", Ct)).BirthDate.ShouldBe(new DateOnly(1985, 4, 12));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Changed_contact_data_updates_the_debtor_and_is_audited(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        await files.LoadPortfolioAsync(database);
        var changed = ImportFixture.Debtors
            .Replace("Calle 1 # 2-3,+57 300 123 4567,,ana@example.com,,yes,no", "Calle 9 # 9-9,+57 300 123 4567,,ana@example.com,,no,no", StringComparison.Ordinal);

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors2.csv", changed));

        result.Errors.ShouldBeEmpty();
        result.Updated.ShouldBe(1);
        result.Unchanged.ShouldBe(2);
        await using var db = database.Context();
        var ana = await db.Debtors.Include(d => d.Consents).SingleAsync(d => d.ExternalId == "D1", Ct);
        ana.Address.ShouldBe("Calle 9 # 9-9");
        ana.CurrentConsent(ConsentChannel.Sms, ConsentPurpose.Collection)!.Granted.ShouldBeFalse();
        ana.Consents.Count(c => c.Channel == ConsentChannel.Sms).ShouldBe(2);
        var audit = await db.AuditEntries.Where(a => a.EntityType == "Debtor" && a.Action == "update").ToListAsync(Ct);
        audit.ShouldHaveSingleItem().Before!.ShouldContain("Calle 1 # 2-3");
        audit[0].After!.ShouldContain("Calle 9 # 9-9");
        (await db.AuditEntries.CountAsync(a => a.EntityType == "ConsentRecord" && a.Action == "create", Ct)).ShouldBe(1);

        // Ids assigned by the bulk path leave the generators ready for ordinary inserts.
        var next = Debtor.Create(new DebtorData("D99", PartyKind.Person, IdentityDocument.Parse(IdType.CC, "123456789"), "Nueva", null, "CO", null, null, null, null, null, null), ImportFixture.Now);
        next.AddContactPoint(ContactChannel.Mobile, "3000000000", ImportFixture.Now);
        db.Debtors.Add(next);
        await db.SaveChangesAsync(Ct);
        next.Id.ShouldBeGreaterThan(3);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_installments_file_replaces_a_generated_schedule_and_then_cannot_change_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        await files.LoadPortfolioAsync(database);
        const string header = "obligacion_id,cuota,fecha_vencimiento,capital,interes,seguro,otros\n";
        var schedule = header +
            "O2,1,2026-03-03,2500000,0,0,0\n" +
            "O3,1,2026-02-10,4000.50,120,10,0\n" +
            "O3,2,2026-03-10,4000,80,10,0\n" +
            "O3,3,2026-04-10,4000,40,10,5.25\n";
        var path = files.Write("cuotas.csv", schedule);

        var result = await files.ImportAsync(database, ImportKind.Installments, path);

        result.Errors.ShouldBeEmpty();
        result.Unchanged.ShouldBe(1); // O2's single installment equals the generated one
        result.Updated.ShouldBe(3);
        await using (var db = database.Context())
        {
            var o3 = await db.Obligations.Include(o => o.Installments).SingleAsync(o => o.ExternalId == "O3", Ct);
            o3.ScheduleSource.ShouldBe(ScheduleSource.Imported);
            o3.Installments.Count.ShouldBe(3);
            o3.Installments.Single(i => i.Number == 3).OtherMinor.ShouldBe(525);
        }

        (await files.ImportAsync(database, ImportKind.Installments, path)).Unchanged.ShouldBe(4);
        var different = schedule.Replace("4000,40,10,5.25", "4000,41,10,5.25", StringComparison.Ordinal);
        var changed = await files.ImportAsync(database, ImportKind.Installments, files.Write("cuotas2.csv", different));
        changed.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(e => e.Code.ShouldBe("terms_changed"), e => e.Row.ShouldBe(3));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Installment_errors_are_reported_on_their_rows(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        await files.LoadPortfolioAsync(database);
        var schedule = "obligation_id,number,due_date,principal,interest\n" +
            "O3,1,2026-02-10,4000.50,120\n" +
            "O3,3,2026-02-01,4000,80\n" +
            "O9,1,2026-02-10,1,0\n" +
            "O2,1,2026-03-03,2400000,0\n" +
            "O3,2,2026-03-10,4000,80\n";

        var result = await files.ImportAsync(database, ImportKind.Installments, files.Write("installments.csv", schedule));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (3, "number", "schedule_numbering"),
            (3, "due_date", "schedule_dates"),
            (4, "obligation_id", "unknown_obligation"),
            (5, "principal", "schedule_principal"),
            (6, "obligation_id", "not_contiguous"),
        ], ignoreOrder: true);
        await using var db = database.Context();
        (await db.Obligations.CountAsync(o => o.ScheduleSource == ScheduleSource.Imported, Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Progress_is_reported_every_batch(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var reports = new List<ImportProgress>();
        var progress = new SynchronousProgress(reports.Add);

        var result = await files.Importer(database).ImportAsync(
            ImportKind.Debtors, files.Write("debtors.csv", ImportFixture.Debtors), new ImportOptions { BatchSize = 1 }, progress, Ct);

        result.Errors.ShouldBeEmpty();
        reports.Count.ShouldBeGreaterThanOrEqualTo(3);
        reports[^1].RowsRead.ShouldBe(3);
        reports[^1].BytesRead.ShouldBe(reports[^1].TotalBytes);
    }

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
