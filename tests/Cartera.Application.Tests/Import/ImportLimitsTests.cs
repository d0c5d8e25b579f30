using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Cartera.Application.Delinquency;
using Cartera.Application.Import;
using Cartera.Domain.Delinquency;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Import;

/// <summary>Rows reported where they are, every error of a row, plausibility checks, control characters and bounded memory.</summary>
public sealed class ImportLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string DebtorRow(string id, string document, string name = "Ana", string birth = "", string kind = "person", string idType = "CC") =>
        $"{id},{kind},{idType},{document},{name},{birth},CO,,,,,,,,,,,,,";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_nul_or_other_control_character_in_text_is_an_error_on_its_cell(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var content = ImportFixture.DebtorsHeader + "\n" +
            DebtorRow("D1", "1020304050", "Ana\0Pérez") + "\n" +
            DebtorRow("D2", "79888777", "Luis\u0007Gómez") + "\n" +
            DebtorRow("D3", "79888778", "Eva") + "\n";

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", content));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "full_name", "control_character"), (3, "full_name", "control_character")]);
        result.Errors[0].Message.ShouldContain("U+0000");
        await using var db = database.Context();
        (await db.Debtors.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Implausible_birth_and_issue_dates_are_errors(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var debtors = ImportFixture.DebtorsHeader + "\n" +
            DebtorRow("D1", "1020304050", birth: "2099-01-01") + "\n" +
            DebtorRow("D2", "79888777", birth: "1890-05-01") + "\n" +
            DebtorRow("D3", "79888778", birth: "1950-05-01") + "\n";

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", debtors));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "birth_date", "implausible_date"), (3, "birth_date", "implausible_date")]);

        (await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", ImportFixture.Debtors))).Errors.ShouldBeEmpty();
        var obligations = ImportFixture.ObligationsHeader + "\n" +
            "O1,D1,loan,consumo,COP,1800-01-15,1000,0.18,,12,monthly,french,1800-02-15,,\n" +
            "O2,D1,loan,consumo,COP,2026-04-15,1000,0.18,,12,monthly,french,2026-05-15,,\n" +
            "O3,D1,loan,consumo,COP,2026-03-20,1000,0.18,,12,monthly,french,2026-04-20,,\n";
        result = await files.ImportAsync(database, ImportKind.Obligations, files.Write("obligations.csv", obligations));
        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "issue_date", "implausible_date"), (3, "issue_date", "implausible_date")]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Today_of_the_plausibility_checks_is_the_lenders_date_not_the_utc_date(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        files.Clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("America/Bogota")); // the lender's zone (Lender:TimeZone)
        files.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 21, 3, 0, 0, TimeSpan.Zero)); // 2026-03-20 22:00 in Bogotá
        var debtors = ImportFixture.DebtorsHeader + "\n" +
            DebtorRow("D1", "1020304050", birth: "2026-03-21") + "\n" +
            DebtorRow("D2", "79888777", birth: "2026-03-20") + "\n";

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", debtors));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "birth_date", "implausible_date")]);
        (await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", ImportFixture.Debtors))).Errors.ShouldBeEmpty();
        var obligations = ImportFixture.ObligationsHeader + "\n" +
            "O1,D1,loan,consumo,COP,2026-03-21,1000,0.18,,12,monthly,french,2026-04-21,,\n" +
            "O2,D1,loan,consumo,COP,2026-03-20,1000,0.18,,12,monthly,french,2026-04-20,,\n";
        result = await files.ImportAsync(database, ImportKind.Obligations, files.Write("obligations.csv", obligations));
        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "issue_date", "implausible_date")]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_principal_above_the_products_largest_amount_is_an_error_on_the_principal(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        await using (var db = database.Context())
        {
            await new ProductCatalog(db).SaveAsync(ProductSettings.DefaultFor("consumo") with { MaxAmountMajor = 5_000_000m }, Ct);
        }

        (await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", ImportFixture.Debtors))).Errors.ShouldBeEmpty();
        var obligations = ImportFixture.ObligationsHeader + "\n" +
            "O1,D1,loan,consumo,COP,2026-01-15,5000000.01,0.18,,12,monthly,french,2026-02-15,,\n" +
            "O2,D1,loan,consumo,COP,2026-01-15,5000000,0.18,,12,monthly,french,2026-02-15,,\n" +
            "O3,D1,loan,comercial,COP,2026-01-15,900000000000,0.12,,12,monthly,french,2026-02-15,,\n" +
            "O4,D1,loan,comercial,COP,2026-01-15,1000000000000.01,0.12,,12,monthly,french,2026-02-15,,\n";

        var result = await files.ImportAsync(database, ImportKind.Obligations, files.Write("obligations.csv", obligations));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "principal", "amount_too_large"), (5, "principal", "amount_too_large")]);
        await using var check = database.Context();
        (await check.Obligations.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Collateral_and_insurance_rows_report_their_rule_errors_beside_their_parse_errors(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        await files.LoadPortfolioAsync(database);
        var collateral = "collateral_id,obligation_id,type,description,appraised_value,currency,appraisal_date,next_verification_date\n" +
            "G1,O1,castle,,45000000,COP,2026-01-10,2025-01-10\n" +
            "G2,O1,deposit,,abc,XXX,2026-01-10,2025-01-10\n";

        var result = await files.ImportAsync(database, ImportKind.Collateral, files.Write("collateral.csv", collateral));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (2, "next_verification_date", "invalid_date"),
            (2, "type", "invalid_code"),
            (3, "appraised_value", "invalid_number"),
            (3, "currency", "unknown_currency"),
            (3, "next_verification_date", "invalid_date"),
        ]);
        var insurance = "policy_id,obligation_id,insurer,policy_number,type,insured_value,currency,start_date,expiry_date,renewal_status\n" +
            "P1,O1,,VD-001,life,10000000,COP,2027-01-15,2026-01-14,current\n" +
            "P2,O1,Sura,,flood,10000000,COP,2027-01-15,2026-01-14,someday\n";

        result = await files.ImportAsync(database, ImportKind.Insurance, files.Write("insurance.csv", insurance));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (2, "insurer", "required"),
            (2, "expiry_date", "invalid_date"),
            (3, "expiry_date", "invalid_date"),
            (3, "renewal_status", "invalid_code"),
            (3, "type", "invalid_code"),
        ], ignoreOrder: true);
        await using var db = database.Context();
        (await db.Collaterals.CountAsync(Ct) + await db.InsurancePolicies.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rate_above_the_usury_cap_on_the_issue_date_or_above_1000_percent_is_an_error(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        await using (var db = database.Context())
        {
            db.UsuryCaps.Add(new UsuryCapRow { Jurisdiction = "CO", Modality = "consumo_ordinario", ValidFrom = new DateOnly(2026, 1, 1), ValidTo = new DateOnly(2026, 1, 31), UsuryEa = 0.2502m, Source = "test", Verified = true });
            await db.SaveChangesAsync(Ct);
        }

        (await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", ImportFixture.Debtors))).Errors.ShouldBeEmpty();
        var obligations = ImportFixture.ObligationsHeader + "\n" +
            "O1,D1,loan,consumo,COP,2026-01-15,1000,5,,12,monthly,french,2026-02-15,,\n" +
            "O2,D1,loan,consumo,COP,2026-01-15,1000,0.2502,,12,monthly,french,2026-02-15,,\n" +
            "O3,D1,loan,consumo,COP,2026-02-15,1000,5,,12,monthly,french,2026-03-15,,\n" +
            "O4,D1,loan,consumo,COP,2026-02-15,1000,10.5,,12,monthly,french,2026-03-15,,\n";

        var result = await files.ImportAsync(database, ImportKind.Obligations, files.Write("obligations.csv", obligations));

        // O2 is at the cap; O3's issue date has no cap row (no check); O4 is above the absolute bound of 10 (1000 %).
        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "annual_rate_ea", "rate_above_usury_cap"), (5, "annual_rate_ea", "invalid_rate")]);
        result.Errors[0].Message.ShouldContain("0.2502");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_cell_that_does_not_parse_does_not_hide_the_other_errors_of_its_row(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        (await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", ImportFixture.Debtors))).Errors.ShouldBeEmpty();
        var obligations = ImportFixture.ObligationsHeader + "\n" +
            "O1,D1,loan,consumo,COP,2026-01-15,diez,11,-1,12,monthly,french,2025-12-15,,\n" +
            "O2,D1,invoice,factura,COP,2026-01-15,1000,0.1,,x,monthly,french,2026-02-15,,\n";
        var debtors = ImportFixture.DebtorsHeader + "\n" +
            DebtorRow("D9", "900123456-8", "Andina", birth: "1990-01-01", kind: "company", idType: "NIT").Replace(",CO,", ",XX,", StringComparison.Ordinal) + "\n";

        var result = await files.ImportAsync(database, ImportKind.Obligations, files.Write("obligations.csv", obligations));
        var debtorResult = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors2.csv", debtors));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (2, "annual_rate_ea", "invalid_rate"),
            (2, "arrears_rate_ea", "invalid_rate"),
            (2, "first_due_date", "invalid_date"),
            (2, "principal", "invalid_number"),
            (3, "amortization", "invalid_value"),
            (3, "term", "invalid_number"),
        ], ignoreOrder: true);
        debtorResult.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "birth_date", "invalid_value"), (2, "country", "unknown_country")], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rows_are_the_physical_line_where_the_record_starts(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        // Line 2 holds a quoted cell over two lines (2-3); the next record starts on line 4, then a blank line, then line 6.
        var content = ImportFixture.DebtorsHeader + "\r\n" +
            "D1,person,CC,1020304050,\"Ana\nPérez\",,CO,,,,,,,,,,,,,\r\n" +
            DebtorRow("D2", "79888777", birth: "1970-02-30") + "\r\n" +
            "\r\n" +
            DebtorRow("D3", "79888778", birth: "1970-13-01") + "\r\n";

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", content));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "full_name", "control_character"), (4, "birth_date", "invalid_date"), (6, "birth_date", "invalid_date")]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unclosed_quote_is_reported_on_the_line_where_it_opens_without_a_library_message(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var content = new StringBuilder(ImportFixture.DebtorsHeader + "\n")
            .Append(DebtorRow("D1", "1020304050")).Append('\n')
            .Append(DebtorRow("D2", "79888777", birth: "x")).Append('\n')
            .Append("D3,person,CC,79888778,\"Eva,,CO,,,,,,,,,,,,,\n");
        for (var i = 0; i < 20_000; i++)
        {
            content.Append(DebtorRow($"E{i}", "1234567")).Append('\n');
        }

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", content.ToString()));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(3, "birth_date", "invalid_date"), (4, "full_name", "unclosed_quote")]);
        result.Errors[1].Message.ShouldContain("fila 4");
        result.Errors.ShouldAllBe(e => !e.Message.Contains("Buffer", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_over_long_cell_is_reported_on_its_row_and_column_and_the_rest_of_the_file_is_still_checked(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var content = ImportFixture.DebtorsHeader + "\n" +
            DebtorRow("D1", "1020304050") + "\n" +
            DebtorRow("D2", "79888777", name: new string('A', ImportLimits.MaxCellChars + 1)) + "\n" +
            DebtorRow("D3", "79888778", name: "\"" + new string('B', 50_000) + "\"") + "\n" +
            DebtorRow("D4", "79888779", name: new string('C', 200_000)) + "\n" +
            DebtorRow("D5", "79888770", birth: "1970-13-01") + "\n";

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", content));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
            [(3, "full_name", "cell_too_long"), (4, "full_name", "cell_too_long"), (5, string.Empty, "row_too_long"), (6, "birth_date", "invalid_date")]);
        result.Errors[0].Message.ShouldStartWith("La celda");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_over_the_row_limit_is_refused_at_the_first_row_past_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();

        var result = await files.Importer(database).ImportAsync(ImportKind.Debtors, files.Write("debtors.csv", ImportFixture.Debtors),
            new ImportOptions { MaxRows = 2 }, null, Ct);

        result.Errors.Select(e => (e.Row, e.Code)).ShouldBe([(4, "too_many_rows")]);
        await using var db = database.Context();
        (await db.Debtors.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_xlsx_zip_bomb_fails_at_once_naming_the_cell_with_bounded_memory(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var path = files.PathOf("bomba.xlsx");
        const long CellBytes = 1_200L << 20; // one inline-string cell that inflates to 1.2 GB
        WriteWorkbook(path, sheet =>
        {
            Write(sheet, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            Write(sheet, "<row r=\"1\">" + string.Concat(ImportFixture.DebtorsHeader.Split(',').Select((h, i) => $"<c r=\"{(char)('A' + i)}1\" t=\"inlineStr\"><is><t>{h}</t></is></c>")) + "</row>");
            Write(sheet, "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>D1</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>");
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)'A');
            for (long written = 0; written < CellBytes; written += block.Length)
            {
                sheet.Write(block);
            }

            Write(sheet, "</t></is></c></row></sheetData></worksheet>");
        }, sharedStrings: null);
        new FileInfo(path).Length.ShouldBeLessThan(5L << 20);

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = await files.ImportAsync(database, ImportKind.Debtors, path);
        clock.Stop();
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) >> 20;

        var error = result.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("cell_too_long");
        error.Row.ShouldBe(2);
        error.Column.ShouldBe("kind");
        error.Message.ShouldContain("bomba.xlsx");
        error.Message.ShouldContain("B2");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        allocatedMb.ShouldBeLessThan(500);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_xlsx_whose_shared_strings_inflate_past_the_limit_is_refused_before_reading_them(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var path = files.PathOf("compartidas.xlsx");
        WriteWorkbook(path, sheet => Write(sheet, "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>"), shared =>
        {
            Write(shared, "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>debtor_id</t></si>");
            var item = Encoding.UTF8.GetBytes("<si><t>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</t></si>");
            for (long written = 0; written < ImportLimits.MaxXlsxSharedStringsBytes + 1; written += item.Length)
            {
                shared.Write(item);
            }

            Write(shared, "</sst>");
        });

        var clock = Stopwatch.StartNew();
        var result = await files.ImportAsync(database, ImportKind.Debtors, path);

        var error = result.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("xlsx_too_large");
        error.Message.ShouldContain("compartidas.xlsx");
        error.Message.ShouldContain("xl/sharedStrings.xml");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_xlsx_cell_over_the_limit_in_the_shared_strings_is_reported_on_its_cell(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var path = files.PathOf("largo.xlsx");
        var headers = ImportFixture.DebtorsHeader.Split(',');
        var values = DebtorRow("D1", "1020304050", name: "@LONG@", birth: "1985-04-12").Split(',');
        var strings = headers.Concat(values).Distinct(StringComparer.Ordinal).Where(v => v.Length > 0).ToList();
        string Cell(int column, int row, string value) =>
            value.Length == 0 ? string.Empty : $"<c r=\"{(char)('A' + column)}{row}\" t=\"s\"><v>{strings.IndexOf(value)}</v></c>";
        WriteWorkbook(path, sheet => Write(sheet,
            "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" +
            "<row r=\"1\">" + string.Concat(headers.Select((h, i) => Cell(i, 1, h))) + "</row>" +
            "<row r=\"3\">" + string.Concat(values.Select((v, i) => Cell(i, 3, v))) + "</row></sheetData></worksheet>"), shared =>
            Write(shared, "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
                string.Concat(strings.Select(s => $"<si><t>{(s == "@LONG@" ? new string('L', ImportLimits.MaxCellChars + 1) : s)}</t></si>")) + "</sst>"));

        var result = await files.ImportAsync(database, ImportKind.Debtors, path);

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(3, "full_name", "cell_too_long")]);
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));

    /// <summary>A minimal XLSX package by hand: the sheet's (and optionally the shared strings') XML is streamed into the zip.</summary>
    private static void WriteWorkbook(string path, Action<Stream> sheet, Action<Stream>? sharedStrings)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Part(string name, string xml)
        {
            using var s = zip.CreateEntry(name).Open();
            Write(s, xml);
        }

        Part("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
        Part("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        Part("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
            "<sheets><sheet name=\"Hoja1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        Part("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
            (sharedStrings is null ? string.Empty : "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>") +
            "</Relationships>");
        using (var s = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open())
        {
            sheet(s);
        }

        if (sharedStrings is not null)
        {
            using var s = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.SmallestSize).Open();
            sharedStrings(s);
        }
    }
}
