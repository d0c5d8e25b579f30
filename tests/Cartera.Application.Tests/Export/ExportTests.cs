using Cartera.Application.Export;
using Cartera.Application.Import;
using Cartera.Application.Tests.Import;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Export;

public sealed class ExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, ExportFormat> ProvidersAndFormats => new()
    {
        { TestDatabase.Sqlite, ExportFormat.Csv },
        { TestDatabase.Sqlite, ExportFormat.Xlsx },
        { TestDatabase.Postgres, ExportFormat.Csv },
        { TestDatabase.Postgres, ExportFormat.Xlsx },
    };

    [Theory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task An_export_reimports_unchanged(string provider, ExportFormat format)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        await files.LoadPortfolioAsync(database, guarantees: true);
        var exporter = new PortfolioExporter(database.Options);
        var extension = format == ExportFormat.Csv ? "csv" : "xlsx";

        foreach (var (exportKind, importKind, expected) in new[]
        {
            (ExportKind.Debtors, ImportKind.Debtors, 3L),
            (ExportKind.Obligations, ImportKind.Obligations, 3L),
            (ExportKind.Installments, ImportKind.Installments, 19L),
            (ExportKind.Collateral, ImportKind.Collateral, 2L),
            (ExportKind.Insurance, ImportKind.Insurance, 2L),
        })
        {
            var path = files.PathOf($"export-{exportKind}.{extension}");
            await using (var output = File.Create(path))
            {
                (await exporter.ExportAsync(exportKind, format, output, Ct)).ShouldBe(expected, $"{exportKind}");
            }

            var again = await files.ImportAsync(database, importKind, path, batchSize: 5000);
            again.Errors.ShouldBeEmpty($"{exportKind}");
            again.Rows.ShouldBe(expected);
            again.Unchanged.ShouldBe(expected, $"{exportKind}");
        }

        await using var db = database.Context();
        (await db.AuditEntries.CountAsync(a => a.Action != "import", Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_csv_export_has_the_import_columns_and_escapes_formulas(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var debtors = ImportFixture.DebtorsHeader + "\n" +
            "D1,person,CC,1020304050,=HYPERLINK(\"http://x\"),,CO,,,@SUM(A1),+57 300 123 4567,,,,,,,,,\n";
        (await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", debtors))).Errors.ShouldBeEmpty();

        using var output = new MemoryStream();
        (await new PortfolioExporter(database.Options).ExportAsync(ExportKind.Debtors, ExportFormat.Csv, output, Ct)).ShouldBe(1);
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe(ImportFixture.DebtorsHeader);
        lines[1].ShouldBe("D1,person,CC,1020304050,\"'=HYPERLINK(\"\"http://x\"\")\",,CO,,,'@SUM(A1),'+573001234567,,,,,,,,es,");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Amounts_and_rates_are_plain_numbers_with_a_point(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        await files.LoadPortfolioAsync(database);

        using var output = new MemoryStream();
        (await new PortfolioExporter(database.Options).ExportAsync(ExportKind.Obligations, ExportFormat.Csv, output, Ct)).ShouldBe(3);
        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[2].ShouldBe("O2,D2,invoice,factura,COP,2026-02-01,2500000,0,0.25,1,monthly,single,2026-03-03,MED,");
        lines[3].ShouldBe("O3,D2,loan,comercial,USD,2026-01-10,12000.5,0.12,,6,monthly,constant_principal,2026-02-10,,\"D1;D3\"");
    }
}
