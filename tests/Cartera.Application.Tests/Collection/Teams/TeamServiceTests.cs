using Cartera.Application.Collection.Teams;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;
using Cartera.Tests.Collection.Assignments;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Tests.Collection.Teams;

public sealed class TeamServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_supervisor_sees_their_teams_debtors_and_the_unassigned_ones_not_another_teams(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var north = await f.AddUserAsync("norte@cartera.test", Roles.Supervisor);
        var south = await f.AddUserAsync("sur@cartera.test", Roles.Supervisor);
        await f.AddUserAsync("ana@cartera.test", Roles.Collector);
        await f.AddUserAsync("beto@cartera.test", Roles.Collector);
        var debtors = await f.AddDebtorsAsync(3);
        var teams = new TeamService(f.Db, f.Clock, f.Actor);
        await teams.CreateAsync("norte", "Equipo Norte", "norte@cartera.test", Ct);
        await teams.CreateAsync("sur", "Equipo Sur", "sur@cartera.test", Ct);
        await teams.AddMemberAsync("norte", "ana@cartera.test", ct: Ct);
        await teams.AddMemberAsync("sur", "beto@cartera.test", ct: Ct);
        await f.Service.AssignManyAsync([debtors[0]], "ana@cartera.test", AssignmentRole.Collector, null, Ct);
        await f.Service.AssignManyAsync([debtors[1]], "beto@cartera.test", AssignmentRole.Collector, null, Ct);

        var seenByNorth = await TeamScope.DebtorIdsSupervisedBy(f.Db, north, AssignmentFixture.Today).OrderBy(id => id).ToListAsync(Ct);
        var seenBySouth = await TeamScope.DebtorIdsSupervisedBy(f.Db, south, AssignmentFixture.Today).OrderBy(id => id).ToListAsync(Ct);

        seenByNorth.ShouldBe([debtors[0], debtors[2]]);
        seenBySouth.ShouldBe([debtors[1], debtors[2]]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Moving_a_member_ends_the_old_membership_keeps_it_as_history_and_moves_the_debtors_with_them(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var north = await f.AddUserAsync("norte@cartera.test", Roles.Supervisor);
        var south = await f.AddUserAsync("sur@cartera.test", Roles.Supervisor);
        await f.AddUserAsync("ana@cartera.test", Roles.Collector);
        var debtors = await f.AddDebtorsAsync(1);
        var teams = new TeamService(f.Db, f.Clock, f.Actor);
        await teams.CreateAsync("norte", "Equipo Norte", "norte@cartera.test", Ct);
        await teams.CreateAsync("sur", "Equipo Sur", "sur@cartera.test", Ct);
        await teams.AddMemberAsync("norte", "ana@cartera.test", new DateOnly(2026, 11, 1), Ct);
        await f.Service.AssignManyAsync([debtors[0]], "ana@cartera.test", AssignmentRole.Collector, null, Ct);

        var moved = await teams.AddMemberAsync("sur", "ana@cartera.test", ct: Ct);

        moved.Members.Select(m => m.Email).ShouldBe(["ana@cartera.test"]);
        (await teams.GetAsync("norte", Ct)).Members.ShouldBeEmpty();
        var rows = await f.Db.TeamMembers.AsNoTracking().OrderBy(m => m.Id).ToListAsync(Ct);
        rows.Count.ShouldBe(2);
        rows[0].LeftOn.ShouldBe(AssignmentFixture.Today);
        rows[1].LeftOn.ShouldBeNull();
        (await TeamScope.DebtorIdsSupervisedBy(f.Db, north, AssignmentFixture.Today).ToListAsync(Ct)).ShouldNotContain(debtors[0]);
        (await TeamScope.DebtorIdsSupervisedBy(f.Db, south, AssignmentFixture.Today).ToListAsync(Ct)).ShouldContain(debtors[0]);
        (await f.Db.AuditEntries.CountAsync(a => a.EntityType == "TeamMember", Ct)).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Teams_refuse_a_supervisor_or_member_without_the_role_and_a_taken_code_in_Spanish(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        await f.AddUserAsync("norte@cartera.test", Roles.Supervisor);
        await f.AddUserAsync("analista@cartera.test", Roles.Analyst);
        var teams = new TeamService(f.Db, f.Clock, f.Actor);

        var noRole = await Should.ThrowAsync<DomainException>(() => teams.CreateAsync("norte", "Equipo Norte", "analista@cartera.test", Ct));
        noRole.Code.ShouldBe("role_mismatch");
        noRole.Field.ShouldBe("supervisor");
        var badCode = await Should.ThrowAsync<DomainException>(() => teams.CreateAsync("Equipo Norte", "Equipo Norte", "norte@cartera.test", Ct));
        badCode.Code.ShouldBe("invalid_code");
        await teams.CreateAsync("norte", "Equipo Norte", "norte@cartera.test", Ct);
        (await Should.ThrowAsync<DomainException>(() => teams.CreateAsync("norte", "Otro", "norte@cartera.test", Ct))).Code.ShouldBe("duplicate");
        var member = await Should.ThrowAsync<DomainException>(() => teams.AddMemberAsync("norte", "analista@cartera.test", ct: Ct));
        member.Code.ShouldBe("role_mismatch");
        member.Message.ShouldContain("no tiene el rol");
    }
}
