using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;

namespace Cartera.Domain.Tests.Collection.Assignments;

public sealed class DebtorAssignmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_assignment_ends_once_and_keeps_who_and_why()
    {
        var assignment = DebtorAssignment.Create(1, "user-1", AssignmentRole.Collector, new DateOnly(2026, 12, 7), "admin", Now);
        assignment.IsActive.ShouldBeTrue();
        assignment.End("supervisor", "  cambio de cartera ", Now.AddDays(1));
        assignment.End("other", "again", Now.AddDays(2));
        assignment.IsActive.ShouldBeFalse();
        assignment.EndedAt.ShouldBe(Now.AddDays(1));
        assignment.EndedBy.ShouldBe("supervisor");
        assignment.EndReason.ShouldBe("cambio de cartera");
    }

    [Fact]
    public void An_assignment_counts_from_its_date_while_active()
    {
        var assignment = DebtorAssignment.Create(1, "user-1", AssignmentRole.FieldAgent, new DateOnly(2026, 12, 10), "admin", Now);
        assignment.CountsOn(new DateOnly(2026, 12, 9)).ShouldBeFalse();
        assignment.CountsOn(new DateOnly(2026, 12, 10)).ShouldBeTrue();
        assignment.End("admin", null, Now);
        assignment.CountsOn(new DateOnly(2026, 12, 11)).ShouldBeFalse();
    }

    [Fact]
    public void An_assignment_needs_a_debtor_a_user_and_a_known_role()
    {
        Should.Throw<DomainException>(() => DebtorAssignment.Create(0, "u", AssignmentRole.Agency, default, "a", Now)).Field.ShouldBe("debtor_id");
        Should.Throw<DomainException>(() => DebtorAssignment.Create(1, " ", AssignmentRole.Agency, default, "a", Now)).Field.ShouldBe("assignee");
        Should.Throw<DomainException>(() => DebtorAssignment.Create(1, "u", (AssignmentRole)9, default, "a", Now)).Field.ShouldBe("role");
        EnumCodes.Codes<AssignmentRole>().ShouldBe(["collector", "field_agent", "agency"]);
    }
}
