using System.Text;
using Cartera.Application.Collection.Assignments;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Tests.Collection.Assignments;

public sealed class AssignmentServiceTests
{
    private static readonly string[] Changes = ["assign", "reassign", "end_assignment"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assigning_one_debtor_records_it_with_role_date_and_one_audit_entry(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var ana = await f.AddUserAsync("ana@cartera.test", Roles.Collector);
        var debtor = (await f.AddDebtorsAsync(1))[0];

        var (outcome, view) = await f.Service.AssignAsync(new AssignCommand(debtor, "ANA@cartera.test", AssignmentRole.Collector, new DateOnly(2026, 12, 10)), Ct);

        outcome.ShouldBe(AssignmentOutcome.Assigned);
        view.UserId.ShouldBe(ana);
        view.AssigneeEmail.ShouldBe("ana@cartera.test");
        view.Role.ShouldBe(AssignmentRole.Collector);
        view.ValidFrom.ShouldBe(new DateOnly(2026, 12, 10));
        view.AssignedBy.ShouldBe(f.Actor.Name);
        var audit = await f.Db.AuditEntries.AsNoTracking().Where(a => Changes.Contains(a.Action)).ToListAsync(Ct);
        audit.Count.ShouldBe(1);
        audit[0].Action.ShouldBe("assign");
        audit[0].EntityId.ShouldBe(debtor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        audit[0].After!.ShouldContain("\"role\":\"collector\"");
        audit[0].After!.ShouldContain("2026-12-10");
        (await f.Db.AuditEntries.CountAsync(a => a.EntityType == nameof(DebtorAssignment), Ct)).ShouldBe(0);

        // The same assignment again changes nothing and is not audited again.
        (await f.Service.AssignAsync(new AssignCommand(debtor, ana, AssignmentRole.Collector, new DateOnly(2026, 12, 10)), Ct)).Outcome.ShouldBe(AssignmentOutcome.Unchanged);
        (await f.Db.AuditEntries.CountAsync(a => Changes.Contains(a.Action), Ct)).ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reassigning_a_role_ends_the_previous_assignment_and_keeps_the_history(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        await f.AddUserAsync("ana@cartera.test", Roles.Collector);
        var beto = await f.AddUserAsync("beto@cartera.test", Roles.Collector);
        var campo = await f.AddUserAsync("campo@cartera.test", Roles.FieldAgent);
        var debtor = (await f.AddDebtorsAsync(1))[0];

        await f.Service.AssignAsync(new AssignCommand(debtor, "ana@cartera.test", AssignmentRole.Collector), Ct);
        await f.Service.AssignAsync(new AssignCommand(debtor, "campo@cartera.test", AssignmentRole.FieldAgent), Ct);
        f.Clock.Advance(TimeSpan.FromHours(1));
        await f.Service.AssignAsync(new AssignCommand(debtor, "beto@cartera.test", AssignmentRole.Collector), Ct);

        var history = await f.Service.HistoryAsync(debtor, Ct);
        history.Count.ShouldBe(3);
        var active = history.Where(a => a.Active).ToList();
        active.Select(a => (a.UserId, a.Role)).OrderBy(x => x.Role).ShouldBe([(beto, AssignmentRole.Collector), (campo, AssignmentRole.FieldAgent)]);
        var ended = history.Single(a => !a.Active);
        ended.AssigneeEmail.ShouldBe("ana@cartera.test");
        ended.EndedBy.ShouldBe(f.Actor.Name);
        ended.EndReason.ShouldBe("reasignado");
        ended.EndedAt.ShouldBe(AssignmentFixture.Now.AddHours(1));
        (await f.Db.AuditEntries.Where(a => Changes.Contains(a.Action)).Select(a => a.Action).ToListAsync(Ct)).Order().ShouldBe(["assign", "assign", "reassign"]);

        // Ending keeps the row, records who and why, and is audited once.
        var current = active.Single(a => a.Role == AssignmentRole.FieldAgent);
        (await f.Service.EndAsync(current.Id, "cambio de zona", Ct)).ShouldBeTrue();
        (await f.Service.EndAsync(current.Id, "otra vez", Ct)).ShouldBeFalse();
        var after = await f.Service.GetAsync(current.Id, Ct);
        after.Active.ShouldBeFalse();
        after.EndReason.ShouldBe("cambio de zona");
        (await f.Db.DebtorAssignments.CountAsync(Ct)).ShouldBe(3);
        (await f.Db.AuditEntries.CountAsync(a => a.Action == "end_assignment", Ct)).ShouldBe(1);
        (await Should.ThrowAsync<DomainException>(() => f.Service.EndAsync(999_999, null, Ct))).Code.ShouldBe("not_found");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_assignee_must_be_an_active_user_holding_the_role(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        await f.AddUserAsync("analista@cartera.test", Roles.Analyst);
        await f.AddUserAsync("campo@cartera.test", Roles.FieldAgent);
        await f.AddUserAsync("bloqueado@cartera.test", Roles.Collector, locked: true);
        var debtor = (await f.AddDebtorsAsync(1))[0];

        var wrongRole = await Should.ThrowAsync<DomainException>(() => f.Service.AssignAsync(new AssignCommand(debtor, "campo@cartera.test", AssignmentRole.Collector), Ct));
        wrongRole.Code.ShouldBe("role_mismatch");
        wrongRole.Field.ShouldBe("role");
        wrongRole.Message.ShouldContain("no tiene el rol collector");
        (await Should.ThrowAsync<DomainException>(() => f.Service.AssignAsync(new AssignCommand(debtor, "analista@cartera.test", AssignmentRole.Agency), Ct))).Code.ShouldBe("role_mismatch");
        (await Should.ThrowAsync<DomainException>(() => f.Service.AssignAsync(new AssignCommand(debtor, "bloqueado@cartera.test", AssignmentRole.Collector), Ct))).Code.ShouldBe("inactive_assignee");
        var unknown = await Should.ThrowAsync<DomainException>(() => f.Service.AssignAsync(new AssignCommand(debtor, "nadie@cartera.test", AssignmentRole.Collector), Ct));
        unknown.Code.ShouldBe("unknown_assignee");
        unknown.Message.ShouldContain("No existe un usuario");
        (await Should.ThrowAsync<DomainException>(() => f.Service.AssignAsync(new AssignCommand(debtor + 1_000, "campo@cartera.test", AssignmentRole.FieldAgent), Ct))).Code.ShouldBe("unknown_debtor");

        (await f.Db.DebtorAssignments.CountAsync(Ct)).ShouldBe(0);
        (await f.Db.AuditEntries.CountAsync(a => Changes.Contains(a.Action), Ct)).ShouldBe(0);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bulk_assignment_by_filter_counts_and_audits_each_changed_debtor(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var ana = await f.AddUserAsync("ana@cartera.test", Roles.Collector);
        await f.AddUserAsync("beto@cartera.test", Roles.Collector);
        var ids = await f.AddDebtorsAsync(6, segment: "consumo");
        var other = await f.AddDebtorsAsync(1, prefix: "X", segment: "pyme");
        await f.CloseAsync(
            AssignmentFixture.Today.AddDays(-1),
            (ids[0], 5, "1-30", 100m),
            (ids[1], 45, "31-60", 2_000m),
            (ids[2], 45, "31-60", 50m),
            (ids[3], 75, "61-90", 5_000m),
            (ids[4], 0, "current", 0m),
            (other[0], 45, "31-60", 9_000m));

        // DPD 30–90 in the segment: ids[1], ids[2], ids[3]; ids[2] already has ana.
        await f.Service.AssignAsync(new AssignCommand(ids[2], "ana@cartera.test", AssignmentRole.Collector, AssignmentFixture.Today), Ct);
        var before = await f.Db.AuditEntries.CountAsync(a => Changes.Contains(a.Action), Ct);
        var filter = new AssignmentFilter { MinDpd = 30, MaxDpd = 90, Segment = "consumo", Role = AssignmentRole.Collector };
        var result = await f.Service.AssignMatchingAsync(filter, "ana@cartera.test", AssignmentRole.Collector, AssignmentFixture.Today, Ct);

        result.ShouldBe(new BulkAssignmentResult(3, 2, 1));
        (await f.Db.AuditEntries.CountAsync(a => Changes.Contains(a.Action), Ct) - before).ShouldBe(2);
        (await f.Db.DebtorAssignments.Where(a => a.UserId == ana && a.EndedAt == null).Select(a => a.DebtorId).OrderBy(x => x).ToListAsync(Ct))
            .ShouldBe(new[] { ids[1], ids[2], ids[3] });

        // Unassigned only, with an amount overdue ≥ 1.000 COP: ids[3] has ana now, so only "other" (pyme) remains… outside no segment filter.
        var rich = new AssignmentFilter { MinOverdue = 1_000m, Currency = "COP", UnassignedOnly = true, Role = AssignmentRole.Collector };
        (await (await f.Service.MatchingAsync(rich, Ct)).Select(d => d.Id).ToListAsync(Ct)).ShouldBe([other[0]]);

        // Reassign ana's debtors to beto by the "current assignee" filter.
        var moved = await f.Service.AssignMatchingAsync(new AssignmentFilter { AssigneeId = ana, Role = AssignmentRole.Collector }, "beto@cartera.test", AssignmentRole.Collector, null, Ct);
        moved.ShouldBe(new BulkAssignmentResult(3, 3, 0));
        (await f.Db.AuditEntries.CountAsync(a => a.Action == "reassign", Ct)).ShouldBe(3);
        (await f.Db.DebtorAssignments.CountAsync(a => a.UserId == ana && a.EndedAt == null, Ct)).ShouldBe(0);

        // A delinquency filter needs a closed date; amounts need a currency.
        (await Should.ThrowAsync<DomainException>(async () => await f.Service.MatchingAsync(new AssignmentFilter { MinOverdue = 1m }, Ct))).Code.ShouldBe("currency_required");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_scope_counts_an_assignment_from_its_date_while_active(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var ana = await f.AddUserAsync("ana@cartera.test", Roles.Collector);
        var ids = await f.AddDebtorsAsync(3);
        await f.Service.AssignAsync(new AssignCommand(ids[0], ana, AssignmentRole.Collector, AssignmentFixture.Today), Ct);
        await f.Service.AssignAsync(new AssignCommand(ids[1], ana, AssignmentRole.Collector, AssignmentFixture.Today.AddDays(1)), Ct);
        var (_, third) = await f.Service.AssignAsync(new AssignCommand(ids[2], ana, AssignmentRole.Collector, AssignmentFixture.Today), Ct);
        await f.Service.EndAsync(third.Id, null, Ct);

        (await AssignmentScope.DebtorIdsOf(f.Db, ana, AssignmentFixture.Today).ToListAsync(Ct)).ShouldBe([ids[0]]);
        (await AssignmentScope.DebtorIdsOf(f.Db, ana, AssignmentFixture.Today.AddDays(1)).OrderBy(x => x).ToListAsync(Ct)).ShouldBe([ids[0], ids[1]]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_import_assigns_good_rows_and_reports_bad_ones_by_row_and_column(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var ana = await f.AddUserAsync("ana@cartera.test", Roles.Collector);
        await f.AddUserAsync("campo@cartera.test", Roles.FieldAgent);
        await f.AddDebtorsAsync(3);
        var path = Path.Combine(Path.GetTempPath(), $"asignaciones-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, string.Join('\n',
            "debtor_id,assignee_email,role,valid_from",
            "D1,ana@cartera.test,collector,2026-12-01",
            "D2,campo@cartera.test,collector,2026-12-01",
            "D9,ana@cartera.test,collector,2026-12-01",
            "D3,ana@cartera.test,gestor,2026-12-01",
            "D3,ana@cartera.test,collector,01/12/2026",
            "D2,campo@cartera.test,field_agent,",
            "D1,ana@cartera.test,collector,2026-12-01",
            ""), new UTF8Encoding(false), Ct);
        try
        {
            var result = await new AssignmentImporter(f.Service, f.Db).ImportAsync(path, Ct);

            result.Rows.ShouldBe(7);
            result.Assigned.ShouldBe(2);
            result.Unchanged.ShouldBe(1);
            result.Rejected.ShouldBe(4);
            result.Errors.Select(e => (e.Row, e.Column, e.Code)).ShouldBe([
                (3, "role", "role_mismatch"),
                (5, "role", "invalid_code"),
                (6, "valid_from", "invalid_date"),
                (4, "debtor_id", "unknown_debtor"),
            ]);
            result.Errors.ShouldAllBe(e => e.Message.StartsWith("Fila ", StringComparison.Ordinal));
            var d1 = await f.Db.Debtors.Where(d => d.ExternalId == "D1").Select(d => d.Id).SingleAsync(Ct);
            (await f.Db.DebtorAssignments.SingleAsync(a => a.DebtorId == d1, Ct)).UserId.ShouldBe(ana);
            (await f.Db.DebtorAssignments.CountAsync(a => a.Role == AssignmentRole.FieldAgent && a.ValidFrom == AssignmentFixture.Today, Ct)).ShouldBe(1);
            (await f.Db.AuditEntries.CountAsync(a => a.Action == "assign", Ct)).ShouldBe(2);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
