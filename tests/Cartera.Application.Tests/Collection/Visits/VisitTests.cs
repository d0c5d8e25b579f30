using System.Globalization;
using Cartera.Application.Collection.Activities;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Collection.Visits;
using Cartera.Application.Compliance;
using Cartera.Application.Identity;
using Cartera.Application.Portfolio;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Collection.Visits;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Collection.Assignments;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Collection.Visits;

/// <summary>
/// Visits and appointments (issue 13 item 8) on both databases. The fixture's clock is Monday 2026-12-07 10:00 in
/// Bogotá (15:00 UTC), inside the Colombian contact window.
/// </summary>
public sealed class VisitTests
{
    private static readonly DateOnly Today = AssignmentFixture.Today;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_appointment_is_offered_only_above_the_currencys_threshold_and_never_without_one(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var debtor = await AddDebtorAsync(f, "D1", "Bogotá", "Calle 1 # 2-3");
        await AddObligationAsync(f, debtor, 12_345_678.90m);
        var appointments = new Appointments(f.Db, f.Clock, f.Actor);
        var input = new NewAppointment(Today.AddDays(2), new TimeOnly(10, 30), "Oficina Centro", "Revisar acuerdo de pago");

        // No threshold for COP: not offered (fail closed), and scheduling is refused with the reason.
        var missing = await appointments.OfferAsync(debtor, Ct);
        missing.Offered.ShouldBeFalse();
        missing.Reason.ShouldBe(AppointmentOfferReason.NoThreshold);
        missing.Currencies.Single().BalanceMinor.ShouldBe(1_234_567_890);
        var refused = await Should.ThrowAsync<DomainException>(() => appointments.ScheduleAsync(debtor, input, Ct));
        refused.Code.ShouldBe("appointment_not_offered");
        refused.Field.ShouldBe("no_threshold");

        // At the balance exactly: not above.
        await appointments.SetThresholdAsync("COP", 12_345_678.90m, Ct);
        (await appointments.OfferAsync(debtor, Ct)).Reason.ShouldBe(AppointmentOfferReason.BelowThreshold);
        (await Should.ThrowAsync<DomainException>(() => appointments.ScheduleAsync(debtor, input, Ct))).Field.ShouldBe("below_threshold");

        // Bounded: zero, fractions of a cent and more than 10^15 minor units are refused.
        (await Should.ThrowAsync<DomainException>(() => appointments.SetThresholdAsync("COP", 0m, Ct))).Code.ShouldBe("out_of_range");
        (await Should.ThrowAsync<DomainException>(() => appointments.SetThresholdAsync("COP", 10_000_000_000_001m, Ct))).Code.ShouldBe("out_of_range");
        (await Should.ThrowAsync<DomainException>(() => appointments.SetThresholdAsync("COP", 1.001m, Ct))).Code.ShouldBe("too_many_decimals");

        var threshold = await appointments.SetThresholdAsync("COP", 10_000_000m, Ct);
        threshold.MinimumBalanceMinor.ShouldBe(1_000_000_000);
        var above = await appointments.OfferAsync(debtor, Ct);
        above.Offered.ShouldBeTrue();
        above.Currencies.Single().ThresholdMinor.ShouldBe(1_000_000_000);

        var scheduled = await appointments.ScheduleAsync(debtor, input, Ct);
        scheduled.TimeZone.ShouldBe("America/Bogota");
        scheduled.Status.ShouldBe(AppointmentStatus.Scheduled);
        (await Should.ThrowAsync<DomainException>(() => appointments.ScheduleAsync(debtor, input with { Date = Today.AddDays(-1) }, Ct))).Code.ShouldBe("invalid_date");
        (await appointments.CloseAsync(debtor, scheduled.Id, AppointmentStatus.Attended, Ct)).Status.ShouldBe(AppointmentStatus.Attended);
        (await Should.ThrowAsync<DomainException>(() => appointments.CloseAsync(debtor, scheduled.Id, AppointmentStatus.Missed, Ct))).Code.ShouldBe("invalid_status");

        (await f.Db.AuditEntries.CountAsync(a => a.EntityType == nameof(AppointmentThreshold) && a.Actor == f.Actor.Name, Ct)).ShouldBe(2);
        (await f.Db.AuditEntries.CountAsync(a => a.EntityType == nameof(Appointment), Ct)).ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_agents_day_is_ordered_by_area_then_address_then_visit_id_and_needs_a_field_agent_assignment(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var agent = await f.AddUserAsync("campo@cartera.test", Roles.FieldAgent);
        var other = await f.AddUserAsync("campo2@cartera.test", Roles.FieldAgent);
        var medellin = await AddDebtorAsync(f, "D1", "Medellín", "Carrera 43A # 1-50");
        var bogotaB = await AddDebtorAsync(f, "D2", "Bogotá", "Calle 80 # 10-20");
        var bogotaA = await AddDebtorAsync(f, "D3", " bogota ", "Calle 26 # 5-10");
        var cali = await AddDebtorAsync(f, "D4", "Cali", "Avenida 6N # 23-45");
        var notMine = await AddDebtorAsync(f, "D5", "Armenia", "Calle 1");
        foreach (var d in new[] { medellin, bogotaB, bogotaA, cali })
        {
            await AssignAsync(f, d, agent);
        }

        await AssignAsync(f, notMine, other);
        var visits = Visits(f);
        var tomorrow = Today.AddDays(1);
        var planned = new List<long>();
        foreach (var d in new[] { medellin, bogotaB, cali, bogotaA })
        {
            planned.Add((await visits.PlanAsync(new NewVisit(d, agent, VisitPurpose.Collection, tomorrow), Ct)).Id);
        }

        // Same area and address as D2's visit, planned later: after it (visit id breaks the tie).
        var second = (await visits.PlanAsync(new NewVisit(bogotaB, agent, VisitPurpose.Maintenance, tomorrow, Note: "Segunda"), Ct)).Id;
        await visits.PlanAsync(new NewVisit(notMine, other, VisitPurpose.Collection, tomorrow), Ct);
        await visits.PlanAsync(new NewVisit(cali, agent, VisitPurpose.Collection, tomorrow.AddDays(1)), Ct);

        var day = await visits.ListAsync(tomorrow, agent, VisitScope.All, Ct);

        day.Select(v => v.DebtorExternalId).ShouldBe(["D3", "D2", "D2", "D4", "D1"]);
        day[1].Id.ShouldBeLessThan(day[2].Id);
        day[2].Id.ShouldBe(second);
        day[0].Area.ShouldBe("bogota");
        day[0].Address.ShouldBe("Calle 26 # 5-10, bogota");
        day.ShouldAllBe(v => v.AgentEmail == "campo@cartera.test" && v.Status == VisitStatus.Planned);
        (await visits.ListAsync(tomorrow, null, VisitScope.All, Ct)).Count.ShouldBe(6);

        // The agent must hold an active field_agent assignment for the debtor; collaterals only on verification visits.
        (await Should.ThrowAsync<DomainException>(() => visits.PlanAsync(new NewVisit(notMine, agent, VisitPurpose.Collection, tomorrow), Ct))).Code.ShouldBe("agent_not_assigned");
        (await Should.ThrowAsync<DomainException>(() => visits.PlanAsync(new NewVisit(cali, agent, VisitPurpose.Collection, Today.AddDays(-1)), Ct))).Code.ShouldBe("invalid_date");
        (await Should.ThrowAsync<DomainException>(() => visits.PlanAsync(new NewVisit(cali, agent, VisitPurpose.Collection, tomorrow, CollateralId: 1), Ct))).Code.ShouldBe("not_found");
        (await f.Db.AuditEntries.CountAsync(a => a.EntityType == nameof(FieldVisit) && a.Action == "create", Ct)).ShouldBe(7);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_result_becomes_a_visit_activity_through_the_gate_with_its_promise_and_a_blocked_one_says_why_and_when(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var agent = await f.AddUserAsync("campo@cartera.test", Roles.FieldAgent);
        var debtor = await AddDebtorAsync(f, "D1", "Bogotá", "Calle 1 # 2-3", postal: "Calle 72 # 10-34, Bogotá");
        var silent = await AddDebtorAsync(f, "D2", "Bogotá", "Calle 9", visitsAllowed: false);
        await AddObligationAsync(f, debtor, 5_000_000m);
        await AssignAsync(f, debtor, agent);
        await AssignAsync(f, silent, agent);
        var visits = Visits(f);
        var visit = await visits.PlanAsync(new NewVisit(debtor, agent, VisitPurpose.Collection, Today), Ct);
        visit.Address.ShouldBe("Calle 72 # 10-34, Bogotá");
        var author = new ActivityAuthor(agent, $"user:{agent}:campo@cartera.test", new ContactActor(ActorKind.Collector, agent));

        // 20:00 in Bogotá: outside the window. Nothing is recorded but the gate's blocked attempt; the next instant is Wednesday 07:00 (Tuesday the 8th is a holiday).
        f.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero));
        var result = new VisitResult(VisitStatus.Done, ActivityOutcome.Promise, DefaultCause.ReducedIncome, "Atendió el titular.", null, "COP", [new PromiseInstallmentInput(Today.AddDays(10), 300_000m)]);
        var blocked = await visits.RecordResultAsync(visit.Id, result, author, Ct);
        blocked.Visit.ShouldBeNull();
        blocked.Refusal!.Reasons.ShouldContain(ComplianceReason.Hours);
        blocked.Refusal.NextAllowedAt.ShouldBe(new DateTimeOffset(2026, 12, 9, 7, 0, 0, TimeSpan.FromHours(-5)));
        (await f.Db.CollectionActivities.CountAsync(Ct)).ShouldBe(0);
        (await f.Db.FieldVisits.AsNoTracking().SingleAsync(v => v.Id == visit.Id, Ct)).Status.ShouldBe(VisitStatus.Planned);

        // Wednesday 10:00: the result is a visit activity on the address, linked to the gate's attempt, and the promise is made.
        f.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 9, 15, 0, 0, TimeSpan.Zero));
        (await Should.ThrowAsync<DomainException>(() => visits.RecordResultAsync(visit.Id, result with { Status = VisitStatus.Failed }, author, Ct))).Code.ShouldBe("invalid_value");
        var done = await visits.RecordResultAsync(visit.Id, result, author, Ct);
        done.Refusal.ShouldBeNull();
        done.PromiseError.ShouldBeNull();
        done.PromiseId.ShouldNotBeNull();
        done.Visit!.Status.ShouldBe(VisitStatus.Done);
        var activity = await f.Db.CollectionActivities.AsNoTracking().SingleAsync(Ct);
        done.Visit.ActivityId.ShouldBe(activity.Id);
        activity.Kind.ShouldBe(ActivityKind.Visit);
        activity.Outcome.ShouldBe(ActivityOutcome.Promise);
        activity.DefaultCause.ShouldBe(DefaultCause.ReducedIncome);
        activity.UserId.ShouldBe(agent);
        activity.ContactPointId.ShouldNotBeNull();
        var attempt = await f.Db.ContactAttempts.AsNoTracking().SingleAsync(a => a.Id == activity.ContactAttemptId, Ct);
        attempt.Channel.ShouldBe(ConsentChannel.Visits);
        attempt.Allowed.ShouldBeTrue();
        (await f.Db.Promises.AsNoTracking().SingleAsync(Ct)).DebtorId.ShouldBe(debtor);
        (await Should.ThrowAsync<DomainException>(() => visits.RecordResultAsync(visit.Id, result, author, Ct))).Code.ShouldBe("invalid_status");

        // A debtor who never authorized visits: blocked, with no next instant.
        var unauthorized = await visits.PlanAsync(new NewVisit(silent, agent, VisitPurpose.Maintenance, Today.AddDays(2)), Ct);
        var refusal = await visits.RecordResultAsync(unauthorized.Id, new VisitResult(VisitStatus.Failed, ActivityOutcome.NoAnswer), author, Ct);
        refusal.Refusal!.Reasons.ShouldContain(ComplianceReason.UnauthorizedChannel);
        refusal.Refusal.NextAllowedAt.ShouldBeNull();
        (await f.Db.AuditEntries.CountAsync(a => a.EntityType == nameof(FieldVisit) && a.Action == "update", Ct)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Field_agents_see_only_their_own_visits_collectors_their_debtors_visits_and_supervisors_all(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var agent = await f.AddUserAsync("campo@cartera.test", Roles.FieldAgent);
        var otherAgent = await f.AddUserAsync("campo2@cartera.test", Roles.FieldAgent);
        var collector = await f.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var mine = await AddDebtorAsync(f, "D1", "Bogotá", "Calle 1");
        var theirs = await AddDebtorAsync(f, "D2", "Bogotá", "Calle 2");
        await AssignAsync(f, mine, agent);
        await AssignAsync(f, theirs, otherAgent);
        await AssignAsync(f, theirs, collector);
        var visits = Visits(f);
        var a = await visits.PlanAsync(new NewVisit(mine, agent, VisitPurpose.Collection, Today), Ct);
        var b = await visits.PlanAsync(new NewVisit(theirs, otherAgent, VisitPurpose.InsuranceRenewal, Today), Ct);

        (await visits.ListAsync(Today, null, new VisitScope(agent, true), Ct)).Select(v => v.Id).ShouldBe([a.Id]);
        (await visits.FindAsync(b.Id, new VisitScope(agent, true), Ct)).ShouldBeNull();
        (await visits.ListAsync(Today, null, new VisitScope(collector, false), Ct)).Select(v => v.Id).ShouldBe([b.Id]);
        (await visits.ListAsync(Today, null, VisitScope.All, Ct)).Count.ShouldBe(2);
        (await visits.ListAsync(Today, null, VisitScope.Nobody, Ct)).ShouldBeEmpty();

        // Ending the agent's assignment hides the visit from them.
        var assignment = await f.Db.DebtorAssignments.SingleAsync(x => x.UserId == agent, Ct);
        assignment.End("test", "reasignado", AssignmentFixture.Now);
        await f.Db.SaveChangesAsync(Ct);
        (await visits.ListAsync(Today, null, new VisitScope(agent, true), Ct)).ShouldBeEmpty();
    }

    private static FieldVisits Visits(AssignmentFixture f)
    {
        var cache = new ComplianceCatalogCache();
        var log = new ActivityLog(f.Db, new ContactGate(f.Db, cache), new ContactPointService(f.Db, f.Actor, f.Clock), f.Clock);
        return new FieldVisits(f.Db, f.Clock, f.Actor, log, new PromiseService(f.Db, f.Clock, f.Actor));
    }

    private static async Task AssignAsync(AssignmentFixture f, long debtorId, string userId)
    {
        var role = await (from ur in f.Db.UserRoles join r in f.Db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name).SingleAsync(Ct);
        f.Db.DebtorAssignments.Add(DebtorAssignment.Create(debtorId, userId, EnumCodes.Parse<AssignmentRole>(role!), new DateOnly(2026, 1, 1), "test", AssignmentFixture.Now));
        await f.Db.SaveChangesAsync(Ct);
    }

    /// <summary>A Colombian debtor in a city who authorized visits (unless told otherwise), optionally with a postal-address contact point.</summary>
    private static async Task<long> AddDebtorAsync(AssignmentFixture f, string externalId, string city, string address, string? postal = null, bool visitsAllowed = true)
    {
        var at = AssignmentFixture.Now.AddDays(-30);
        var number = (52_100_000 + int.Parse(externalId[1..], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        var debtor = Debtor.Create(
            new DebtorData(externalId, PartyKind.Person, IdentityDocument.Parse(IdType.CC, number), "Deudor " + externalId, null, "CO", null, city, address, null, "es", null), at);
        if (postal is not null)
        {
            debtor.AddContactPoint(ContactChannel.PostalAddress, postal, at);
        }

        if (visitsAllowed)
        {
            debtor.RecordConsent(ConsentChannel.Visits, ConsentPurpose.Collection, true, "test", "signed_form", "Formulario 7", at);
        }

        PortfolioRecords.AddDebtors(f.Db, [debtor]);
        await f.Db.SaveChangesAsync(Ct);
        f.Db.ChangeTracker.Clear();
        return debtor.Id;
    }

    /// <summary>A 12-month French COP loan issued 2026-06-15 with its disbursement in the ledger.</summary>
    private static async Task AddObligationAsync(AssignmentFixture f, long debtorId, decimal principal)
    {
        var terms = new ObligationTerms(
            "CR-" + debtorId.ToString(CultureInfo.InvariantCulture), ObligationKind.Loan, "consumo", Money.Of(principal, Currency.COP), new DateOnly(2026, 6, 15), 0.24m, null, 12,
            PaymentFrequency.Monthly, Amortization.French, new DateOnly(2026, 7, 15), "Bogotá Centro");
        var obligation = Obligation.Create(terms, debtorId, AssignmentFixture.Now);
        obligation.GenerateSchedule();
        f.Db.Obligations.Add(obligation);
        await f.Db.SaveChangesAsync(Ct);
        f.Db.LedgerEntries.Add(LedgerEntry.Create(
            obligation.Id, LedgerEntryKind.Disbursement, LedgerComponent.Principal, obligation.Principal, terms.IssueDate, terms.IssueDate, "system", AssignmentFixture.Now, description: "Desembolso"));
        await f.Db.SaveChangesAsync(Ct);
        f.Db.ChangeTracker.Clear();
    }
}
