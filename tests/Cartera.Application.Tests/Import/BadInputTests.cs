using System.Text;
using Cartera.Application.Import;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Import;

public sealed class BadInputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Missing_and_unknown_columns_are_reported_on_the_header_row(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var content = "debtor_id,kind,id_type,full_name,country,favourite_colour\nD1,person,CC,Ana,CO,blue\n";

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", content));

        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
            [(1, "favourite_colour", "unknown_column"), (1, "id_number", "missing_column")], ignoreOrder: true);
        await using var db = database.Context();
        (await db.Debtors.CountAsync(Ct)).ShouldBe(0);
        (await db.ImportRuns.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_cells_are_reported_on_their_row_and_column(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var debtors = ImportFixture.DebtorsHeader + "\n" +
            "D1,person,CC,1020304050,Ana,1985-02-30,CO,,,,,,,,,,,,,\n" +
            "D2,company,NIT,900123456-7,Andina SAS,,CO,,,,,,,,,,,,,\n" +
            "D3,person,CC,79888777,Luis,,ZZ,,,,12,,not-an-email,,maybe,,,,,\n" +
            "D4,alien,CC,79888778,Eva,,CO,,,,,,,,,,,,,\n";
        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", debtors));
        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (2, "birth_date", "invalid_date"),
            (3, "id_number", "invalid_nit_check_digit"),
            (4, "country", "unknown_country"),
            (4, "mobile", "invalid_phone"),
            (4, "email", "invalid_email"),
            (4, "consent_sms", "invalid_value"),
            (5, "kind", "invalid_code"),
        ], ignoreOrder: true);

        (await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", ImportFixture.Debtors))).Errors.ShouldBeEmpty();
        var obligations = ImportFixture.ObligationsHeader + "\n" +
            "O1,D1,loan,consumo,COP,2026-01-15,diez millones,0.18,,12,monthly,french,2026-02-15,,D7\n" +
            "O2,D1,loan,consumo,COP,2026-01-15,1000.001,0.18,,12,fortnightly,french,2026-01-01,,\n" +
            "O3,D1,loan,consumo,COP,2026-01-15,1000,0.18,,12,monthly,french,2026-01-01,,\n";
        result = await files.ImportAsync(database, ImportKind.Obligations, files.Write("obligations.csv", obligations));
        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (2, "principal", "invalid_number"),
            (3, "principal", "invalid_amount"),
            (3, "frequency", "invalid_code"),
            (3, "first_due_date", "invalid_date"), // a rule error of a row whose other cells do not parse is reported too
            (4, "first_due_date", "invalid_date"),
        ], ignoreOrder: true);

        var clash = ImportFixture.DebtorsHeader + "\nD3,person,CC,1020304050,Luis Gómez,,CO,,,,,,,,,,,,,\nD4,person,CC,79888777,Eva,,CO,,,,,,,,,,,,,\n";
        result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("clash.csv", clash));
        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "id_number", "duplicate_document"), (3, "id_number", "duplicate_document")], ignoreOrder: true);

        obligations = ImportFixture.ObligationsHeader + "\nO1,D1,loan,consumo,COP,2026-01-15,1000,0.18,,12,monthly,french,2026-02-15,,D7\n";
        result = await files.ImportAsync(database, ImportKind.Obligations, files.Write("obligations.csv", obligations));
        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([(2, "co_debtor_ids", "unknown_debtor")]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_empty_file_is_rejected(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();

        var empty = await files.ImportAsync(database, ImportKind.Debtors, files.Write("empty.csv", string.Empty));
        var headerOnly = await files.ImportAsync(database, ImportKind.Debtors, files.Write("header.csv", ImportFixture.DebtorsHeader + "\n"));

        empty.Errors.Single().Code.ShouldBe("empty_file");
        headerOnly.Errors.Single().Code.ShouldBe("empty_file");
        await using var db = database.Context();
        (await db.ImportRuns.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_that_is_not_utf8_is_rejected_with_the_line(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        var latin1 = Encoding.Latin1.GetBytes(ImportFixture.Debtors); // "Pérez" on line 2 is not UTF-8 in Latin-1

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.WriteBytes("debtors.csv", latin1));

        result.Errors.Single().ShouldSatisfyAllConditions(
            e => e.Code.ShouldBe("encoding"),
            e => e.Row.ShouldBe(2));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_xlsx_that_is_not_a_spreadsheet_is_rejected(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();

        var result = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.xlsx", ImportFixture.Debtors));

        result.Errors.Single().Code.ShouldBe("invalid_xlsx");
        await using var db = database.Context();
        (await db.Debtors.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Changed_financial_terms_are_rejected_as_terms_changed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        await files.LoadPortfolioAsync(database);

        var changed = ImportFixture.Obligations.Replace("10000000.00,0.18", "11000000.00,0.19", StringComparison.Ordinal);
        var result = await files.ImportAsync(database, ImportKind.Obligations, files.Write("obligations2.csv", changed));

        var error = result.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("terms_changed");
        error.Row.ShouldBe(2);
        error.Column.ShouldBe("principal");
        error.Message.ShouldContain("principal, annual_rate_ea");
        await using var db = database.Context();
        (await db.Obligations.SingleAsync(o => o.ExternalId == "O1", Ct)).PrincipalMinor.ShouldBe(1_000_000_000L);
    }
}
