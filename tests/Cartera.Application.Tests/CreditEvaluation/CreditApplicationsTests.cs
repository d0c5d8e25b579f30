using Cartera.Application.CreditEvaluation;
using Cartera.Application.Data;
using Cartera.Application.Import;
using Cartera.Application.Scoring;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Application.Tests.Import;
using Cartera.Domain.Common;
using Cartera.Domain.CreditEvaluation;
using Cartera.Domain.Scoring;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.CreditEvaluation;

/// <summary>The credit evaluation of new clients on both databases: evaluate and store, bureau import, decisions, the application model.</summary>
public sealed class CreditApplicationsTests
{
    private const string BureauHeader = "id_type,id_number,report_date,bureau_score,open_accounts,delinquent_accounts,worst_delinquency_days_24m,inquiries_6m,source\n";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly DateOnly Today = DateOnly.FromDateTime(ImportFixture.Now.UtcDateTime); // 2026-03-20 in Bogotá too

    internal static CreditApplicationRequest Request(string number = "1020304050", decimal requested = 10_000_000m, BureauData? bureau = null, decimal income = 10_000_000m) => new()
    {
        DocumentType = "CC",
        DocumentNumber = number,
        FullName = "Ana María Restrepo",
        Country = "co",
        Currency = "COP",
        MonthlyIncome = income,
        MonthlyExpenses = 2_000_000m,
        ExistingPayments = 0m,
        ExistingDebt = 0m,
        RequestedAmount = requested,
        TermMonths = 12,
        AnnualRate = 0.18m,
        BirthDate = new DateOnly(1985, 3, 10),
        Profile = new ApplicantProfile { CheckingBalance = 500_000m, Savings = 2_000_000m, YearsAtResidence = 3, Telephone = true, Property = PropertyKind.RealEstate, Housing = HousingKind.Own },
        Bureau = bureau,
    };

    private static CreditApplications UseCase(CarteraDbContext db) => new(db, new ImportedBureauReports(db), new CreditEvaluationOptions());

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Evaluating_stores_the_application_with_its_figures_reasons_and_an_audit_entry(string provider)
    {
        using var files = new ImportFixture();
        await using var database = await TestDatabase.CreateAsync(provider);
        long id;
        await using (var db = database.Context(files.Actor, files.Clock))
        {
            var bureau = new BureauData { Score = 700, OpenAccounts = 2, DelinquentAccounts = 0, WorstDelinquencyDays24m = 0, Inquiries6m = 1, ReportDate = Today.AddDays(-2) };
            var view = await UseCase(db).EvaluateAsync(Request(bureau: bureau), Ct);
            id = view.Application.Id;
            view.Evaluation.Recommendation.ShouldBe(CreditRecommendation.Refer);
            view.Evaluation.Reasons.Select(r => r.Code).ShouldBe(["no_model"]);
            view.Evaluation.Reasons[0].Es.ShouldBe("Sin modelo de originación activo: decide una persona");
        }

        await using (var db = database.Context(files.Actor, files.Clock))
        {
            var stored = await db.CreditApplications.AsNoTracking().SingleAsync(a => a.Id == id, Ct);
            stored.Status.ShouldBe(CreditApplicationStatus.Evaluated);
            stored.BureauSource.ShouldBe(BureauSource.Entered);
            stored.DocumentNumber.ShouldBe("1020304050");
            stored.Country.ShouldBe("CO");
            stored.ApplicationDate.ShouldBe(Today);
            stored.RequestedAmountMinor.ShouldBe(1_000_000_000L);
            stored.InstallmentMinor.ShouldBe(91_046_377L); // 910,463.77 (RULES §1's worked example)
            stored.Dti.ShouldBe(0.091046m);
            stored.CreatedBy.ShouldBe("cli:tester");
            var view = (await UseCase(db).GetAsync(id, Ct))!;
            view.Profile.Property.ShouldBe(PropertyKind.RealEstate);
            view.Bureau!.Score.ShouldBe(700);
            view.Evaluation.Figures.InstallmentMinor.ShouldBe(91_046_377L);
            view.Evaluation.Policy.MaxDti.ShouldBe(0.40m);
            (await db.AuditEntries.CountAsync(a => a.EntityType.Contains("CreditApplication") && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture), Ct)).ShouldBe(1);
            var (items, total) = await UseCase(db).ListAsync(CreditApplicationStatus.Evaluated, CreditRecommendation.Refer, 1, 10, Ct);
            total.ShouldBe(1);
            items.Single().Id.ShouldBe(id);
            (await UseCase(db).ListAsync(null, CreditRecommendation.Approve, 1, 10, Ct)).Total.ShouldBe(0);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_invalid_request_names_the_field_and_stores_nothing(string provider)
    {
        using var files = new ImportFixture();
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context(files.Actor, files.Clock);
        var e = await Should.ThrowAsync<DomainException>(() => UseCase(db).EvaluateAsync(Request() with { DocumentNumber = "12" }, Ct));
        e.Field.ShouldBe("document_number");
        var all = CreditApplications.Check(Request() with { Currency = "COP", MonthlyIncome = 1.234m, TermMonths = 0, BirthDate = null }, Today).Problems;
        all.Select(p => p.Field).ShouldBe(["monthly_income", "birth_date", "term_months"]);
        (await db.CreditApplications.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_bureau_import_reports_every_row_error_writes_nothing_then_the_latest_report_is_used(string provider)
    {
        using var files = new ImportFixture();
        await using var database = await TestDatabase.CreateAsync(provider);
        var bad = files.Write("buro_malo.csv", BureauHeader +
            "CC,1020304050,2026-03-01,700,3,0,0,1,datacredito\n" +
            "CC,12,2026-03-01,700,3,0,0,1,datacredito\n" +
            "CC,1020304050,2026-03-25,700,3,0,0,1,datacredito\n" +
            "CC,1020304050,2026-03-01,1200,2,3,-1,x,datacredito\n");
        var rejected = await files.ImportAsync(database, ImportKind.Bureau, bad);
        rejected.Succeeded.ShouldBeFalse();
        rejected.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe(
        [
            (3L, "id_number", "invalid_id_number"),
            (4L, "report_date", "invalid_date"),
            (5L, "bureau_score", "invalid_value"), // the rules of the cells that parsed, beside the cells that did not
            (5L, "delinquent_accounts", "invalid_value"),
            (5L, "id_number", "duplicate_id"), // the same document, date and source as row 2
            (5L, "inquiries_6m", "invalid_number"),
            (5L, "worst_delinquency_days_24m", "invalid_number"),
        ]);
        await using (var db = database.Context())
        {
            (await db.BureauReports.CountAsync(Ct)).ShouldBe(0);
        }

        var good = files.Write("buro.csv", BureauHeader +
            "CC,1020304050,2026-01-10,640,4,1,120,3,datacredito\n" +
            "CC,1.020.304.050,2026-03-15,710,3,0,30,2,datacredito\n" +
            "CC,99887766,2026-03-15,,0,0,0,0,\n");
        var imported = await files.ImportAsync(database, ImportKind.Bureau, good);
        imported.Errors.ShouldBeEmpty();
        imported.Inserted.ShouldBe(3);
        var again = await files.ImportAsync(database, ImportKind.Bureau, good);
        (again.Inserted, again.Unchanged).ShouldBe((0L, 3L));

        await using (var db = database.Context(files.Actor, files.Clock))
        {
            var view = await UseCase(db).EvaluateAsync(Request(), Ct);
            view.Application.BureauSource.ShouldBe(BureauSource.Imported);
            view.Bureau!.ReportDate.ShouldBe(new DateOnly(2026, 3, 15));
            view.Bureau.Score.ShouldBe(710);
            var latest = await db.BureauReports.SingleAsync(r => r.ReportDate == new DateOnly(2026, 3, 15) && r.DocumentNumber == "1020304050", Ct);
            view.Application.BureauReportId.ShouldBe(latest.Id);

            var none = await UseCase(db).EvaluateAsync(Request(number: "55443322"), Ct);
            none.Application.BureauSource.ShouldBe(BureauSource.None);
            none.Evaluation.Reasons.Select(r => r.Code).ShouldBe(["bureau_missing", "no_model"]);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Decisions_follow_the_authority_of_the_role_and_a_stale_or_second_decision_is_refused(string provider)
    {
        using var files = new ImportFixture();
        await using var database = await TestDatabase.CreateAsync(provider);
        long big, small;
        uint version;
        await using (var db = database.Context(files.Actor, files.Clock))
        {
            big = (await UseCase(db).EvaluateAsync(Request(requested: 30_000_000m, income: 30_000_000m), Ct)).Application.Id;
            var smallView = await UseCase(db).EvaluateAsync(Request(requested: 5_000_000m), Ct);
            small = smallView.Application.Id;
            version = smallView.Application.Version;
        }

        await using (var db = database.Context(files.Actor, files.Clock))
        {
            var e = await Should.ThrowAsync<DomainException>(() => UseCase(db).DecideAsync(big, new CreditDecisionRequest(true, 30_000_000m, null, null), null, ApprovalLevel.Analyst, Ct));
            e.Code.ShouldBe("above_authority");
        }

        await using (var db = database.Context(files.Actor, files.Clock))
        {
            (await db.CreditApplications.AsNoTracking().SingleAsync(a => a.Id == big, Ct)).Status.ShouldBe(CreditApplicationStatus.Evaluated); // unchanged
            var approved = await UseCase(db).DecideAsync(big, new CreditDecisionRequest(true, 25_000_000m, null, "Counter-offer accepted"), null, ApprovalLevel.Supervisor, Ct);
            approved!.Application.Status.ShouldBe(CreditApplicationStatus.Approved);
            approved.Application.ApprovedAmountMinor.ShouldBe(2_500_000_000L);
            approved.Application.DecidedBy.ShouldBe("cli:tester");
            approved.Application.Override.ShouldBeFalse();
            var twice = await Should.ThrowAsync<CreditApplicationConflictException>(() => UseCase(db).DecideAsync(big, new CreditDecisionRequest(false, null, CreditDeclineReason.Policy, null), null, ApprovalLevel.Admin, Ct));
            twice.Code.ShouldBe("already_decided");
            (await UseCase(db).DecideAsync(9_999, new CreditDecisionRequest(false, null, CreditDeclineReason.Policy, null), null, ApprovalLevel.Admin, Ct)).ShouldBeNull();
        }

        // Optimistic concurrency: a decision made on a version someone else changed since is refused.
        await using (var other = database.Context(files.Actor, files.Clock))
        {
            var row = await other.CreditApplications.SingleAsync(a => a.Id == small, Ct);
            row.DecisionNote = "looked at by someone else";
            await other.SaveChangesAsync(Ct);
        }

        await using (var db = database.Context(files.Actor, files.Clock))
        {
            await Should.ThrowAsync<DbUpdateConcurrencyException>(() => UseCase(db).DecideAsync(small, new CreditDecisionRequest(false, null, CreditDeclineReason.Withdrawn, null), version, ApprovalLevel.Analyst, Ct));
        }

        await using (var db = database.Context(files.Actor, files.Clock))
        {
            var current = await db.CreditApplications.AsNoTracking().SingleAsync(a => a.Id == small, Ct);
            current.Status.ShouldBe(CreditApplicationStatus.Evaluated);
            var declined = await UseCase(db).DecideAsync(small, new CreditDecisionRequest(false, null, CreditDeclineReason.Withdrawn, null), current.Version, ApprovalLevel.Analyst, Ct);
            declined!.Application.Status.ShouldBe(CreditApplicationStatus.Declined);
            declined.Application.DeclineReason.ShouldBe(CreditDeclineReason.Withdrawn);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_application_model_is_active_per_purpose_scores_applications_and_close_of_day_ignores_it(string provider)
    {
        using var files = new ImportFixture();
        await using var database = await TestDatabase.CreateAsync(provider);
        var options = new ScoringOptions { Trees = 30, CalibrationFolds = 3 };
        ApplicationTrainingReport first, second;
        await using (var db = database.Context(files.Actor, files.Clock))
        {
            first = await ApplicationModel.TrainAsync(db, files.Clock, Scoring.ScoringModelTests.German, 1m, options, activate: false, "test", Ct);
            files.Clock.Advance(TimeSpan.FromMinutes(1));
            second = await ApplicationModel.TrainAsync(db, files.Clock, Scoring.ScoringModelTests.German, 2_000m, options with { Seed = 7 }, activate: false, "test", Ct);
        }

        first.Active.ShouldBeTrue(); // the first model of its purpose is activated
        second.Active.ShouldBeFalse();
        await using (var db = database.Context(files.Actor, files.Clock))
        {
            var models = await new ScoringRegistry(db, files.Clock).ListAsync(Ct);
            models.ShouldAllBe(m => m.Purpose == ModelPurposes.Application);
            ApplicationModel.AmountScale(models.Single(m => m.Id == second.ModelId).MetricsJson).ShouldBe(2_000m);

            // Close-of-day scores with the payment model only: with just an application model active there is none.
            (await ScoreDebtorsStep.ScoreAsync(db, Today, SegmentPolicy.Default, new Cartera.Application.Collection.CollectionCommitments(), Ct)).ShouldBeNull();
            (await new ScoringRegistry(db, files.Clock).LoadActiveAsync(ct: Ct)).ShouldBeNull();

            // The unique partial index allows one active model per purpose.
            var rows = await db.ScoringModels.ToListAsync(Ct);
            rows.Single(m => m.Id == second.ModelId).Active = true;
            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        }

        await using (var db = database.Context(files.Actor, files.Clock))
        {
            var view = await UseCase(db).EvaluateAsync(Request(bureau: new BureauData { Score = 700, OpenAccounts = 1, ReportDate = Today }), Ct);
            view.Application.ModelId.ShouldBe(first.ModelId);
            view.Evaluation.Model.ShouldNotBeNull();
            view.Evaluation.Model.ProbabilityBad.ShouldBeInRange(0.0, 1.0);
            view.Evaluation.Model.Reasons.Count.ShouldBeInRange(1, 3);
            view.Evaluation.Model.Reasons.ShouldAllBe(r => r.Es.Length > 0 && r.En.Length > 0);
            view.Evaluation.Reasons.ShouldContain(r => r.Code.StartsWith("model_", StringComparison.Ordinal));
            view.Evaluation.ApproveBelow.ShouldBe(Math.Min(first.Threshold ?? CreditPolicy.DefaultApproveBelow, 0.5));

            await new ScoringRegistry(db, files.Clock).ActivateAsync(second.ModelId, Ct);
            var models = await new ScoringRegistry(db, files.Clock).ListAsync(Ct);
            models.Single(m => m.Active).Id.ShouldBe(second.ModelId);
            (await UseCase(db).EvaluateAsync(Request(), Ct)).Application.ModelId.ShouldBe(second.ModelId);
        }
    }
}
