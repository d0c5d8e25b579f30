using Cartera.Application.Import;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Import;

public sealed class ImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_portfolio_imports_with_generated_schedules_and_disbursements(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();

        var debtors = await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", ImportFixture.Debtors));
        debtors.Errors.ShouldBeEmpty();
        debtors.Inserted.ShouldBe(3);
        var obligations = await files.ImportAsync(database, ImportKind.Obligations, files.Write("obligations.csv", ImportFixture.Obligations));
        obligations.Errors.ShouldBeEmpty();
        obligations.Inserted.ShouldBe(3);

        await using var db = database.Context();
        var ana = await db.Debtors.Include(d => d.ContactPoints).Include(d => d.Consents).SingleAsync(d => d.ExternalId == "D1", Ct);
        ana.FullName.ShouldBe("Ana Pérez");
        ana.TimeZone.ShouldBe("America/Bogota");
        ana.ContactPoints.Select(c => c.Value).OrderBy(v => v, StringComparer.Ordinal).ShouldBe(["+573001234567", "ana@example.com"]);
        ana.CurrentConsent(ConsentChannel.Sms, ConsentPurpose.Collection)!.Granted.ShouldBeTrue();
        ana.CurrentConsent(ConsentChannel.Email, ConsentPurpose.Collection)!.RecordedBy.ShouldBe("import:debtors.csv");
        var company = await db.Debtors.SingleAsync(d => d.ExternalId == "D2", Ct);
        company.IdCheckDigit.ShouldBe("8");

        var o1 = await db.Obligations.Include(o => o.Installments).Include(o => o.Parties).SingleAsync(o => o.ExternalId == "O1", Ct);
        o1.ScheduleSource.ShouldBe(ScheduleSource.Generated);
        o1.Installments.Count.ShouldBe(12);
        o1.Installments.Single(i => i.Number == 1).InterestMinor.ShouldBe(13_888_430L);
        o1.Installments.Sum(i => i.PrincipalMinor).ShouldBe(1_000_000_000L);
        o1.Parties.Count.ShouldBe(1);
        var ledger = await db.LedgerEntries.Where(e => e.ObligationId == o1.Id).ToListAsync(Ct);
        ledger.Count.ShouldBe(1);
        ledger[0].Kind.ShouldBe(LedgerEntryKind.Disbursement);
        ledger[0].Component.ShouldBe(LedgerComponent.Principal);
        ledger[0].AmountMinor.ShouldBe(1_000_000_000L);
        ledger[0].BusinessDate.ShouldBe(new DateOnly(2026, 1, 15));
        ledger[0].CreatedBy.ShouldBe("cli:tester");
        var o3 = await db.Obligations.Include(o => o.Parties).SingleAsync(o => o.ExternalId == "O3", Ct);
        o3.PrincipalMinor.ShouldBe(1_200_050L);
        o3.Parties.Count.ShouldBe(2);

        var runs = await db.ImportRuns.OrderBy(r => r.Id).ToListAsync(Ct);
        runs.Count.ShouldBe(2);
        runs[1].Kind.ShouldBe("obligations");
        runs[1].Outcome.ShouldBe("succeeded");
        runs[1].Sha256.ShouldBe(obligations.Sha256);
        runs[1].Inserted.ShouldBe(3);
        var audits = await db.AuditEntries.Where(a => a.Action == "import").ToListAsync(Ct);
        audits.Count.ShouldBe(2);
        audits.ShouldAllBe(a => a.EntityType == "ImportRun");
        audits.Single(a => a.EntityId == runs[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).After!.ShouldContain(obligations.Sha256);
        (await db.AuditEntries.CountAsync(Ct)).ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reimporting_the_same_files_changes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        await files.LoadPortfolioAsync(database, guarantees: true);

        foreach (var (kind, name) in new[] { (ImportKind.Debtors, "debtors.csv"), (ImportKind.Obligations, "obligations.csv"), (ImportKind.Collateral, "collateral.csv"), (ImportKind.Insurance, "insurance.csv") })
        {
            var again = await files.ImportAsync(database, kind, files.PathOf(name));
            again.Errors.ShouldBeEmpty();
            again.Unchanged.ShouldBe(again.Rows, $"{kind}");
            again.Inserted.ShouldBe(0);
            again.Updated.ShouldBe(0);
        }

        await using var db = database.Context();
        (await db.LedgerEntries.CountAsync(Ct)).ShouldBe(3);
        (await db.ConsentRecords.CountAsync(Ct)).ShouldBe(6);
        (await db.AuditEntries.CountAsync(a => a.Action != "import", Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_with_five_errors_reports_all_imports_nothing_and_the_fixed_file_succeeds(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new ImportFixture();
        (await files.ImportAsync(database, ImportKind.Debtors, files.Write("debtors.csv", ImportFixture.Debtors))).Errors.ShouldBeEmpty();

        var broken = ImportFixture.ObligationsHeader + "\n" +
            "O1,D1,loan,consumo,COP,2026-13-15,10000000.00,0.18,,12,monthly,french,2026-02-15,BOG,\n" + // bad date
            "O2,D2,invoice,factura,COP,2026-02-01,-2500000,0,0.25,1,monthly,single,2026-03-03,MED,\n" +  // negative amount
            "O3,D2,loan,comercial,XXX,2026-01-10,12000.50,0.12,,6,monthly,constant_principal,2026-02-10,,\n" + // unknown currency
            "O4,D9,loan,consumo,COP,2026-01-15,5000000,0.2,,6,monthly,french,2026-02-15,,\n" + // unknown debtor
            "O1,D1,loan,consumo,COP,2026-01-15,10000000.00,0.18,,12,monthly,french,2026-02-15,BOG,\n"; // duplicate id
        var path = files.Write("obligations.csv", broken);
        var result = await files.ImportAsync(database, ImportKind.Obligations, path);

        result.Succeeded.ShouldBeFalse();
        result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (2, "issue_date", "invalid_date"),
            (3, "principal", "negative_amount"),
            (4, "currency", "unknown_currency"),
            (6, "obligation_id", "duplicate_id"),
            (5, "debtor_id", "unknown_debtor"),
        ], ignoreOrder: true);
        result.Errors.ShouldAllBe(e => e.File == "obligations.csv");
        result.Rejected.ShouldBe(5);
        result.ErrorReportPath.ShouldBe(files.PathOf("obligations.errors.csv"));
        var report = await File.ReadAllLinesAsync(result.ErrorReportPath!, Ct);
        report[0].ShouldBe("file,row,column,code,message");
        report.Length.ShouldBe(6);
        await using (var db = database.Context())
        {
            (await db.Obligations.CountAsync(Ct)).ShouldBe(0);
            (await db.Installments.CountAsync(Ct)).ShouldBe(0);
            (await db.LedgerEntries.CountAsync(Ct)).ShouldBe(0);
            (await db.ImportRuns.CountAsync(Ct)).ShouldBe(1);
            (await db.AuditEntries.CountAsync(Ct)).ShouldBe(1);
        }

        files.Write("obligations.csv", ImportFixture.Obligations);
        var fixedResult = await files.ImportAsync(database, ImportKind.Obligations, path);
        fixedResult.Errors.ShouldBeEmpty();
        fixedResult.Inserted.ShouldBe(3);
        File.Exists(files.PathOf("obligations.errors.csv")).ShouldBeFalse();

        var rerun = await files.ImportAsync(database, ImportKind.Obligations, path);
        rerun.Errors.ShouldBeEmpty();
        rerun.Unchanged.ShouldBe(3);
        rerun.Inserted.ShouldBe(0);
    }
}
