using System.Data.Common;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Activities;
using Cartera.Application.Collection.Agreements;
using Cartera.Application.Collection.Assignments;
using Cartera.Application.Collection.Overview;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Application.Portfolio;
using Cartera.Application.Tests.CloseOfDay;
using Cartera.Application.Tests.Collection.Agreements;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Collection.Promises;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Collection.Overview;

/// <summary>
/// The debtor 360 (issue 13 item 3) on the RULES §14 obligation (<see cref="AgreementFixture"/>): on 2026-03-20
/// installment 1 (1,000,000 principal + 120,000 interest, due 2026-02-15) is unpaid, installments 2 and 3 are not due.
/// </summary>
public sealed class DebtorOverviewTests
{
    /// <summary>Friday 2026-03-20 10:00 in Bogotá.</summary>
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 20, 15, 0, 0, TimeSpan.Zero));

    private static readonly FixedActor Collector = new("user:u-17:gestor@cartera.test", "127.0.0.1");

    private static readonly ContactActor GateActor = new(ActorKind.Collector, "u-17");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_amount_to_pay_today_is_explained_and_promises_agreements_contacts_notes_and_guarantees_come_with_their_outcome(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        await using var db = database.Context(Collector, Clock);
        var (debtorId, mobile, email) = await AddDebtorAsync(db);
        var (_, obligationId) = await AgreementFixture.RulesObligationAsync(db, "OV-1", debtorId);
        var coDebtor = await AddGuaranteesAsync(db, obligationId);
        await AddPromisesAsync(db, debtorId);

        // Above the collector's limit (whole arrears waived): pending a supervisor, so nothing is booked and the original
        // obligation stays as it is for the figures below.
        var agreement = await new PaymentAgreements(db, Collector, Clock, new AgreementOptions())
            .CreateAsync(new AgreementRequest([obligationId], AgreementFixture.A, 6, 0m, ArrearsWaiver: 1m), AgreementApprover.Collector, Ct);
        var log = Log(db, cache);
        var author = new ActivityAuthor("u-17", Collector.Name, GateActor);
        await log.LogAsync(debtorId, new ActivityInput(ActivityKind.Call, ActivityDirection.Inbound, null, mobile, ActivityOutcome.Promise, DefaultCause.Unemployment, true, null, "Llamó: perdió el empleo."), author, Ct);
        await log.LogAsync(debtorId, new ActivityInput(ActivityKind.Note, ActivityDirection.Outbound, null, null, null, null, false, null, "Prefiere que lo llamen en la tarde."), author, Ct);

        var overview = await Queries(db, cache).ForDebtorAsync(debtorId, AgreementFixture.A, GateActor, Ct);

        // The amount to pay today: installment 1 (principal + interest), the arrears interest to today, no fees.
        var row = overview.Obligations.ShouldHaveSingleItem();
        var due = row.Due;
        due.DueInstallments.ShouldBe(1);
        due.DuePrincipal.ShouldBe(1_000_000_00);
        due.DueInterest.ShouldBe(120_000_00);
        due.DueOther.ShouldBe(0);
        due.Fees.ShouldBe(0);
        // Arrears on the unpaid 1,000,000 at the 30 % EA cap from 2026-02-16 through 2026-03-19 (a payment today meets
        // the arrears accrued through yesterday): about 23,000 pesos, exactly what the engine explains for the 19th.
        var explained = await new DelinquencyExplainer(db).ExplainAsync(obligationId, AgreementFixture.A.AddDays(-1), Ct);
        due.ArrearsInterest.ShouldBe(explained.ArrearsInterest);
        due.ArrearsInterest.ShouldBeInRange(22_000_00, 24_000_00);
        due.DueTodayMinor.ShouldBe(1_120_000_00 + due.ArrearsInterest);
        due.OutstandingPrincipal.ShouldBe(3_000_000_00);
        due.PayoffMinor.ShouldBe(3_120_000_00 + due.ArrearsInterest);
        (await new PaymentFacts(db).PayoffAsync([obligationId], AgreementFixture.A, Ct)).Single().PayoffMinor.ShouldBe(due.PayoffMinor);
        due.DaysPastDue.ShouldBe(33);
        overview.DaysPastDue.ShouldBe(33);
        overview.Totals.ShouldHaveSingleItem().ShouldBe(new CurrencyTotals("COP", due.DueTodayMinor, due.PayoffMinor));
        row.Obligation.Schedule.Select(i => i.Number).ShouldBe([1, 2, 3]);

        // Previous promises with their outcome, newest first; the agreement with its status and amounts.
        overview.Promises.Select(p => (p.PromiseId, p.Status, p.Counted)).ShouldBe([("P-2", "broken", 150_000m), ("P-1", "kept", 500_000m)]);
        overview.Promises[0].Installments.ShouldHaveSingleItem().Status.ShouldBe("partial");
        var shown = overview.Agreements.ShouldHaveSingleItem();
        shown.Status.ShouldBe(AgreementStatus.PendingApproval);
        shown.TotalToPayMinor.ShouldBe(agreement.Agreement.TotalToPayMinor);

        // The gate's answer per contact point: SMS authorized and allowed now; calls never authorized; no e-mail consent.
        var mobileAnswers = overview.Contacts.Single(c => c.ContactPointId == mobile).Answers;
        mobileAnswers.Single(a => a.Kind == ActivityKind.Sms).Allowed.ShouldBeTrue();
        var call = mobileAnswers.Single(a => a.Kind == ActivityKind.Call);
        call.Allowed.ShouldBeFalse();
        call.Reasons.ShouldContain(ComplianceReason.UnauthorizedChannel);
        overview.Contacts.Single(c => c.ContactPointId == email).Answers.ShouldAllBe(a => !a.Allowed);
        (await db.ContactAttempts.CountAsync(Ct)).ShouldBe(0, "the 360 previews the gate, it records no attempt");

        // Causes of default, notes, co-debtor, collateral and insurance.
        overview.DefaultCauses.ShouldHaveSingleItem().Cause.ShouldBe(DefaultCause.Unemployment);
        overview.Notes.ShouldHaveSingleItem().Note.ShouldBe("Prefiere que lo llamen en la tarde.");
        overview.Parties.ShouldHaveSingleItem().ShouldBe(new ObligationPartyView(obligationId, "OV-1", coDebtor, "CO-1", "Deudor CO-1", ObligationRole.CoDebtor));
        overview.Collateral.ShouldHaveSingleItem().NextVerificationDate.ShouldBe(new DateOnly(2026, 6, 30));
        overview.Insurance.Select(p => p.PolicyNumber).ShouldBe(["VD-1", "TR-2"]);

        // Without a contacting user there is no gate answer at all.
        (await Queries(db, cache).ForDebtorAsync(debtorId, AgreementFixture.A, null, Ct)).Contacts.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_number_of_queries_does_not_grow_with_the_number_of_obligations(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        long one;
        long many;
        await using (var db = database.Context(Collector, Clock))
        {
            (one, _, _) = await AddDebtorAsync(db, "D-ONE", "52000001");
            await AgreementFixture.RulesObligationAsync(db, "ONE-1", one);
            (many, _, _) = await AddDebtorAsync(db, "D-MANY", "52000002");
            for (var k = 1; k <= 12; k++)
            {
                await AgreementFixture.RulesObligationAsync(db, "MANY-" + k.ToString(System.Globalization.CultureInfo.InvariantCulture), many);
            }
        }

        await CountAsync(database, cache, one); // warms the compliance catalog cache
        var (withOne, first) = await CountAsync(database, cache, one);
        var (withTwelve, second) = await CountAsync(database, cache, many);

        first.Obligations.Count.ShouldBe(1);
        second.Obligations.Count.ShouldBe(12);
        second.Totals.Single().DueTodayMinor.ShouldBe(12 * first.Totals.Single().DueTodayMinor);
        withTwelve.ShouldBe(withOne);
        withOne.ShouldBeLessThanOrEqualTo(40); // 34 today, most of them the gate's preview for each kind of contact
    }

    private static async Task<(int Queries, DebtorOverview Overview)> CountAsync(TestDatabase database, ComplianceCatalogCache cache, long debtorId)
    {
        var counter = new CommandCounter();
        var options = new DbContextOptionsBuilder<CarteraDbContext>(CarteraDatabase.Options(database.Options)).AddInterceptors(counter).Options;
        await using var db = new CarteraDbContext(options, Collector, Clock);
        var overview = await Queries(db, cache).ForDebtorAsync(debtorId, AgreementFixture.A, GateActor, Ct);
        return (counter.Count, overview);
    }

    private static ActivityLog Log(CarteraDbContext db, ComplianceCatalogCache cache) =>
        new(db, new ContactGate(db, cache), new ContactPointService(db, Collector, Clock), Clock);

    private static DebtorOverviewQueries Queries(CarteraDbContext db, ComplianceCatalogCache cache)
    {
        var gate = new ContactGate(db, cache);
        return new DebtorOverviewQueries(
            db,
            Log(db, cache),
            new ContactAvailability(db, gate, Clock),
            new PaymentAgreements(db, Collector, Clock, new AgreementOptions()),
            new PromiseService(db, Clock, Collector),
            new AssignmentService(db, Clock, Collector));
    }

    /// <summary>A Colombian debtor with a mobile number and an e-mail who authorized SMS only.</summary>
    private static async Task<(long DebtorId, long Mobile, long Email)> AddDebtorAsync(CarteraDbContext db, string externalId = "D-OV", string idNumber = "52123456")
    {
        var at = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
        var debtor = Debtor.Create(
            new DebtorData(externalId, PartyKind.Person, IdentityDocument.Parse(IdType.CC, idNumber), "Ana María Pérez", null, "CO", null, "Bogotá", null, null, "es", null), at);
        var mobile = debtor.AddContactPoint(ContactChannel.Mobile, "+57 300 123 4567", at);
        var email = debtor.AddContactPoint(ContactChannel.Email, "ana@example.com", at);
        debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, true, "test", "signed_form", "Formulario 12", at);
        PortfolioRecords.AddDebtors(db, [debtor]);
        await db.SaveChangesAsync(Ct);
        return (debtor.Id, mobile.Id, email.Id);
    }

    /// <summary>A co-debtor, a mortgage and two policies (one expiring before the other) on the obligation.</summary>
    private static async Task<long> AddGuaranteesAsync(CarteraDbContext db, long obligationId)
    {
        var coDebtor = await ClosePortfolio.DebtorAsync(db, "CO-1");
        var obligation = await db.Obligations.Include(o => o.Parties).SingleAsync(o => o.Id == obligationId, Ct);
        obligation.AddParty(coDebtor, ObligationRole.CoDebtor);
        var cop = Currency.COP;
        PortfolioRecords.AddGuarantees(
            db,
            [Collateral.Create(new CollateralData("G-1", CollateralType.Mortgage, "Apartamento", Money.Of(150_000_000m, cop), new DateOnly(2025, 6, 30), new DateOnly(2026, 6, 30)), obligationId)],
            [
                InsurancePolicy.Create(new InsurancePolicyData("S-2", "Seguros Andinos", "TR-2", InsuranceType.AllRisk, Money.Of(150_000_000m, cop), new DateOnly(2025, 6, 30), new DateOnly(2026, 6, 30), RenewalStatus.Current), obligationId),
                InsurancePolicy.Create(new InsurancePolicyData("S-1", "Seguros Andinos", "VD-1", InsuranceType.Life, Money.Of(3_000_000m, cop), new DateOnly(2025, 3, 1), new DateOnly(2026, 3, 1), RenewalStatus.Lapsed), obligationId),
            ]);
        await db.SaveChangesAsync(Ct);
        return coDebtor;
    }

    /// <summary>A kept promise and a broken one whose only installment was partly paid (statuses as close-of-day writes them).</summary>
    private static async Task AddPromisesAsync(CarteraDbContext db, long debtorId)
    {
        PromiseRecord Promise(string id, DateOnly madeOn, long total, PromiseStatus status, DateOnly settledOn, long counted, PromiseInstallmentStatus installment) => new()
        {
            ExternalId = id,
            DebtorId = debtorId,
            AllObligations = true,
            CurrencyCode = "COP",
            MadeOn = madeOn,
            MadeBy = Collector.Name,
            TotalMinor = total,
            GraceDays = 2,
            Tolerance = 0.01m,
            Status = status,
            SettledOn = settledOn,
            CountedMinor = counted,
            EvaluatedOn = settledOn,
            CreatedAt = Clock.GetUtcNow(),
            Installments = [new PromiseInstallmentRecord { Number = 1, DueOn = settledOn.AddDays(-2), AmountMinor = total, Status = installment, KeptOn = status == PromiseStatus.Kept ? settledOn : null, CountedMinor = counted }],
        };

        db.Promises.Add(Promise("P-1", new DateOnly(2026, 1, 20), 500_000_00, PromiseStatus.Kept, new DateOnly(2026, 1, 25), 500_000_00, PromiseInstallmentStatus.Kept));
        db.Promises.Add(Promise("P-2", new DateOnly(2026, 3, 1), 400_000_00, PromiseStatus.Broken, new DateOnly(2026, 3, 8), 150_000_00, PromiseInstallmentStatus.Partial));
        await db.SaveChangesAsync(Ct);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count++;
            return ValueTask.FromResult(result);
        }
    }
}
