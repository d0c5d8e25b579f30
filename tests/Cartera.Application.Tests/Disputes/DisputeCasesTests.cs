using Cartera.Application.Audit;
using Cartera.Application.Compliance;
using Cartera.Application.Disputes;
using Cartera.Application.Tests.Bureau;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Disputes;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Disputes;

/// <summary>
/// <see cref="DisputeCases"/> on both databases: opening blocks a contact at the <see cref="ContactGate"/> with
/// <c>dispute_hold</c>, a rejection resumes it, other overrides are kept, overdue deadlines are listed, obligations of
/// another debtor are refused, and every change is audited with its author.
/// </summary>
public sealed class DisputeCasesTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 25, 15, 0, 0, TimeSpan.Zero));
    private static readonly DateTimeOffset TuesdayMorningBogota = new(2026, 3, 24, 10, 0, 0, TimeSpan.FromHours(-5));
    private static readonly FixedActor Supervisor = new("user:7:supervisora@example.com", "127.0.0.1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Opening_blocks_contacts_with_dispute_hold_and_a_rejection_resumes_them(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        await using var db = database.Context(Supervisor, Clock);
        var debtor = BureauPortfolio.NewDebtor("D1", IdType.CC, "80000011", "Ana Ríos", "CO");
        debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, true, "test", "signed_form", "Formulario 12", BureauPortfolio.Created);
        await BureauPortfolio.LoanAsync(db, debtor, "O-1", "COP", 500_000m, new DateOnly(2026, 2, 7));
        await BureauPortfolio.LoanAsync(db, BureauPortfolio.NewDebtor("D2", IdType.CC, "80000012", "Luis Mora", "CO"), "O-2", "COP", 500_000m, new DateOnly(2026, 2, 7));
        await new ComplianceOverrides(db).SaveAsync(debtor.Id, OverrideData.None with { OptedOutChannels = "calls", Note = "Prefiere SMS" }, Ct);
        var gate = new ContactGate(db, cache);
        var request = new ContactGateRequest(debtor.Id, ConsentChannel.Sms, ConsentPurpose.Collection, TuesdayMorningBogota, new ContactActor(ActorKind.Collector, "u-17"));
        (await gate.PreviewAsync(request, Ct)).Decision.Allowed.ShouldBeTrue();

        var cases = new DisputeCases(db, Clock);
        (await Should.ThrowAsync<DomainException>(() => cases.OpenAsync(new DisputeOpenRequest("D1", "O-2", DisputeReason.NotMine, "x", []), Ct))).Code.ShouldBe("not_debtors_obligation");
        (await Should.ThrowAsync<DomainException>(() => cases.OpenAsync(new DisputeOpenRequest("NADIE", null, DisputeReason.NotMine, "x", []), Ct))).Code.ShouldBe("not_found");
        var dispute = await cases.OpenAsync(new DisputeOpenRequest("D1", "O-1", DisputeReason.AlreadyPaid, "Pagué en febrero", ["recibo-4411.pdf"], new DateOnly(2026, 3, 2)), Ct);
        dispute.AnswerDeadline.ShouldBe(new DateOnly(2026, 3, 24), "15 business days from 3 March; 23 March is a holiday");

        var blocked = (await gate.CheckAsync(request, Ct)).Decision;
        blocked.Allowed.ShouldBeFalse();
        blocked.Reasons.ShouldBe([ComplianceReason.DisputeHold]);
        var kept = (await new ComplianceOverrides(db).GetAsync(debtor.Id, Ct))!;
        (kept.DisputeHold, kept.OptedOutChannels, kept.Note).ShouldBe((true, "calls", "Prefiere SMS"), "only the hold changes");
        (await cases.ListAsync(overdueOnly: true, ct: Ct)).Single().Case.Id.ShouldBe(dispute.Id, "open and past 24 March on the 25th");
        (await cases.ListAsync(DisputeStatus.Upheld, ct: Ct)).ShouldBeEmpty();

        var (resolved, cleared) = await cases.ResolveAsync(dispute.Id, DisputeStatus.Rejected, null, "El pago corresponde a otra obligación", Ct);
        (resolved.Status, resolved.ResolvedBy, resolved.ResolvedOn, cleared).ShouldBe((DisputeStatus.Rejected, Supervisor.Name, (DateOnly?)new DateOnly(2026, 3, 25), true));
        (await gate.PreviewAsync(request, Ct)).Decision.Allowed.ShouldBeTrue();
        (await cases.ListAsync(overdueOnly: true, ct: Ct)).ShouldBeEmpty();

        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Dispute)).OrderBy(a => a.Id).ToListAsync(Ct);
        audit.Select(a => a.Action).ShouldBe(["create", "update"]);
        audit.ShouldAllBe(a => a.Actor == Supervisor.Name);
        audit[1].After!.ShouldContain("rejected");
        (await db.AuditEntries.CountAsync(a => a.EntityType == nameof(DebtorComplianceOverride), Ct)).ShouldBe(3, "saved, hold set, hold cleared");
    }
}
