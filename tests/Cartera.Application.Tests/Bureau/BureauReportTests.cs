using Cartera.Application.Audit;
using Cartera.Application.Bureau;
using Cartera.Application.Data;
using Cartera.Application.Tests.CloseOfDay;
using Cartera.Domain.Bureau;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Bureau;

/// <summary>
/// The report and the notices import on both databases: an upheld dispute deletes a reported account and keeps it out
/// afterwards, a missing minimum wage fails closed until configured, Spain's €50 minimum, and a notice's delivery date
/// completed by a later file while other changes are refused.
/// </summary>
public sealed class BureauReportTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 25, 15, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_upheld_dispute_deletes_a_reported_account_and_it_is_never_reported_again(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long obligation;
        await using (var db = Context(database))
        {
            obligation = await BureauPortfolio.LoanAsync(db, BureauPortfolio.NewDebtor("U1", IdType.SSN, "123456780", "John Doe", "US"), "US-1", "USD", 900m, new DateOnly(2026, 1, 10));
            await BureauPortfolio.LoanAsync(db, BureauPortfolio.NewDebtor("E1", IdType.DNI, "12345678Z", "Lucía Sanz", "ES"), "ES-1", "EUR", 49.99m, new DateOnly(2026, 1, 10));
        }

        foreach (var day in new[] { 1, 2, 3 })
        {
            await ClosePortfolio.Runner(database).RunAsync(new DateOnly(2026, 3, day), cancellationToken: Ct);
        }
        var first = await FileAsync(database, new DateOnly(2026, 3, 1), BureauFileFormat.Metro2);
        BureauLayouts.Metro2Base.Parse(first[1])["account_status"].ShouldBe("71", "50 DPD on 1 March: 30–59");
        await using (var db = Context(database))
        {
            (await new BureauReport(db, Clock, BureauSettings.Default).RecordDisputeUpheldAsync(obligation, new DateOnly(2026, 3, 2), Ct)).ShouldBeTrue();
            (await new BureauReport(db, Clock, BureauSettings.Default).RecordDisputeUpheldAsync(obligation + 1, new DateOnly(2026, 3, 2), Ct)).ShouldBeFalse("never reported");
        }

        var deletion = await FileAsync(database, new DateOnly(2026, 3, 2), BureauFileFormat.Metro2);
        BureauLayouts.Metro2Base.Parse(deletion[1])["account_status"].ShouldBe("DA");
        BureauLayouts.Metro2Trailer.Parse(deletion[^1])["total_status_code_da"].ShouldBe("000000001");
        var after = await CandidatesAsync(database, new DateOnly(2026, 3, 3));
        after.Single(c => c.ObligationExternalId == "US-1").Decision.ShouldSatisfyAllConditions(
            d => d.Status.ShouldBe(BureauLineStatus.Refused),
            d => d.Reason.ShouldBe("dispute_upheld"));
        (await FileAsync(database, new DateOnly(2026, 3, 3), BureauFileFormat.Metro2)).Count.ShouldBe(2, "header and trailer only");
        after.Single(c => c.ObligationExternalId == "ES-1").Decision.Reason.ShouldBe("below_minimum");
        await using (var db = Context(database))
        {
            var state = await db.BureauReportedAccounts.AsNoTracking().SingleAsync(Ct);
            (state.ClosedOn, state.ClosedReason, state.LastStatus).ShouldBe((new DateOnly(2026, 3, 2), "dispute_upheld", "DA"));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_year_without_a_minimum_wage_refuses_colombian_reports_until_configured(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = Context(database))
        {
            var id = await BureauPortfolio.LoanAsync(db, BureauPortfolio.NewDebtor("C1", IdType.CC, "70000001", "Pedro Páez", "CO"), "CO-2023", "COP", 2_000_000m, new DateOnly(2023, 2, 1));
            db.BureauNotices.Add(new BureauNotice { ObligationId = id, SentOn = new DateOnly(2023, 2, 10), DeliveredOn = new DateOnly(2023, 2, 12), Channel = BureauNoticeChannel.Letter, ProofReference = "G-1", ImportedBy = "test", UpdatedBy = "test" });
            await db.SaveChangesAsync(Ct);
        }

        var date = new DateOnly(2023, 3, 15);
        await ClosePortfolio.Runner(database).RunAsync(date, cancellationToken: Ct);
        (await CandidatesAsync(database, date)).Single().Decision.Reason.ShouldBe("minimum_wage_missing");
        var configured = BureauSettings.Default with { Wages = MinimumWageTable.Shipped.With([new MinimumWage("CO", 2023, 1_160_000_00, "COP", "Decreto 2613 de 2022")]) };
        var decision = (await CandidatesAsync(database, date, configured)).Single().Decision;
        (decision.Status, decision.Reason, decision.NoticeDeliveredOn).ShouldBe((BureauLineStatus.Reported, "notice_delivered", (DateOnly?)new DateOnly(2023, 2, 12)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_later_file_completes_a_notices_delivery_and_other_changes_are_refused(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = Context(database))
        {
            await BureauPortfolio.LoanAsync(db, BureauPortfolio.NewDebtor("C1", IdType.CC, "70000002", "Rosa Díaz", "CO"), "CO-1", "COP", 500_000m, new DateOnly(2026, 2, 1));
        }

        var folder = Path.Combine(Path.GetTempPath(), "cartera-bureau-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "avisos.csv");
            const string Header = "obligation_id;sent_on;delivered_on;channel;proof_reference\n";
            await File.WriteAllTextAsync(file, Header + "CO-1;2026-02-05;;certified_mail;G-9\n", Ct);
            (await ImportAsync(database, file)).Added.ShouldBe(1);
            await File.WriteAllTextAsync(file, Header + "CO-1;2026-02-05;2026-02-07;certified_mail;G-9\nCO-1;2026-02-06;2026-02-07;certified_mail;G-9\nCO-1;2026-02-07;2026-02-05;sms;S-1\nCO-1;2026-04-01;;sms;S-2\n", Ct);
            var second = await ImportAsync(database, file);
            (second.Rows, second.Added, second.Delivered, second.Rejected).ShouldBe((4L, 0L, 1L, 3L));
            second.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
            [
                (3L, "proof_reference", "notice_exists"),
                (4L, "delivered_on", "delivered_before_sent"),
                (5L, "sent_on", "date_in_future"),
            ], ignoreOrder: true);
            second.Errors.ShouldAllBe(e => e.Message.StartsWith("Fila ", StringComparison.Ordinal));
            await using var db = Context(database);
            var notice = await db.BureauNotices.AsNoTracking().SingleAsync(Ct);
            (notice.DeliveredOn, notice.ImportedBy, notice.UpdatedBy).ShouldBe(((DateOnly?)new DateOnly(2026, 2, 7), "test-importer", "test-importer"));
            (await db.AuditEntries.CountAsync(a => a.EntityType.Contains("BureauNotice"), Ct)).ShouldBe(2, "added, then its delivery date");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static CarteraDbContext Context(TestDatabase database) => database.Context(new FixedActor("test-importer", "test"), Clock);

    private static async Task<BureauNoticeImportResult> ImportAsync(TestDatabase database, string file)
    {
        await using var db = Context(database);
        return await new BureauNoticeImporter(db, Clock).ImportAsync(file, Ct);
    }

    private static async Task<IReadOnlyList<BureauCandidate>> CandidatesAsync(TestDatabase database, DateOnly date, BureauSettings? settings = null)
    {
        await using var db = Context(database);
        return await new BureauReport(db, Clock, settings ?? BureauSettings.Default).CandidatesAsync(date, Ct);
    }

    private static async Task<List<string>> FileAsync(TestDatabase database, DateOnly date, BureauFileFormat format)
    {
        await using var db = Context(database);
        using var text = new StringWriter();
        await new BureauReport(db, Clock, BureauSettings.Default).WriteAsync(date, format, text, Ct);
        return [.. text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
