using Cartera.Application.Bureau;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance.Calendars;
using Cartera.Domain.Disputes;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Disputes;

/// <summary>What <c>cartera disputes open</c> asks: the debtor and obligation by external id, the reason, the description, evidence references and the date received (default today).</summary>
public sealed record DisputeOpenRequest(
    string DebtorExternalId,
    string? ObligationExternalId,
    DisputeReason Reason,
    string Description,
    IReadOnlyList<string> Evidence,
    DateOnly? ReceivedOn = null);

/// <summary>One dispute as listed: the case with the external ids of its debtor and obligation and whether its answer is overdue.</summary>
public sealed record DisputeView(Dispute Case, string DebtorExternalId, string? ObligationExternalId, bool Overdue);

/// <summary>
/// The dispute workflow (issue 15 item 4, docs/user/disputes.md) over <c>disputes</c> (owned by Disputes, audited by
/// <c>SaveChanges</c>). Opening a dispute sets Compliance's dispute hold (<see cref="ComplianceOverrides.SetDisputeHoldAsync"/>)
/// so the contact gate blocks with <c>dispute_hold</c> and the bureau report marks the account as disputed; resolving
/// the debtor's last open dispute clears it. An upheld dispute with <c>bureau_correction</c> records it with
/// <see cref="BureauReport.RecordDisputeUpheldAsync"/> (the next bureau file deletes a reported account). Each
/// operation is one transaction. The answer deadline uses the holiday calendar of the debtor's country (Colombia's when
/// the country has none).
/// </summary>
public sealed class DisputeCases(CarteraDbContext db, TimeProvider clock)
{
    /// <exception cref="DomainException"><c>not_found</c> (debtor, obligation), <c>not_debtors_obligation</c>, and the domain's validation codes.</exception>
    public async Task<Dispute> OpenAsync(DisputeOpenRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var debtor = await db.Debtors.AsNoTracking().Where(d => d.ExternalId == request.DebtorExternalId)
            .Select(d => new { d.Id, d.Country }).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("not_found", $"No debtor with external id '{request.DebtorExternalId}'.", "debtor");
        long? obligationId = null;
        if (!string.IsNullOrWhiteSpace(request.ObligationExternalId))
        {
            var obligation = await db.Obligations.AsNoTracking().Where(o => o.ExternalId == request.ObligationExternalId)
                .Select(o => new { o.Id, o.DebtorId }).SingleOrDefaultAsync(ct)
                ?? throw new DomainException("not_found", $"No obligation with external id '{request.ObligationExternalId}'.", "obligation");
            if (obligation.DebtorId != debtor.Id)
            {
                throw new DomainException("not_debtors_obligation", "The obligation belongs to another debtor.", "obligation");
            }

            obligationId = obligation.Id;
        }

        var today = BusinessCalendar.LenderToday(clock);
        var calendar = HolidayCalendars.Countries.Contains(debtor.Country.ToUpperInvariant()) ? HolidayCalendars.For(debtor.Country) : ColombiaHolidays.Instance;
        var dispute = Dispute.Open(
            new DisputeInput(debtor.Id, obligationId, request.Reason, request.Description, request.Evidence, request.ReceivedOn ?? today),
            calendar, today, db.Actor.Name, clock.GetUtcNow());
        await InTransactionAsync(async () =>
        {
            db.Disputes.Add(dispute);
            await db.SaveChangesAsync(ct);
            await new ComplianceOverrides(db).SetDisputeHoldAsync(debtor.Id, true, ct);
        }, ct);
        return dispute;
    }

    /// <summary>Answers dispute <paramref name="id"/> today. Returns whether the debtor's dispute hold was cleared (no other open dispute).</summary>
    /// <exception cref="DomainException"><c>not_found</c>, and the domain's codes (<c>not_open</c>, <c>required</c>, <c>not_allowed</c>, <c>obligation_required</c>).</exception>
    public async Task<(Dispute Case, bool HoldCleared)> ResolveAsync(long id, DisputeStatus outcome, DisputeAction? action, string note, CancellationToken ct = default)
    {
        var dispute = await db.Disputes.SingleOrDefaultAsync(d => d.Id == id, ct)
            ?? throw new DomainException("not_found", $"No dispute {id}.", "id");
        var today = BusinessCalendar.LenderToday(clock);
        dispute.Resolve(outcome, action, note, db.Actor.Name, today);
        var cleared = false;
        await InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            if (!await db.Disputes.AnyAsync(d => d.DebtorId == dispute.DebtorId && d.Status == DisputeStatus.Open, ct))
            {
                await new ComplianceOverrides(db).SetDisputeHoldAsync(dispute.DebtorId, false, ct);
                cleared = true;
            }

            if (action == DisputeAction.BureauCorrection)
            {
                await new BureauReport(db, clock, BureauSettings.Default).RecordDisputeUpheldAsync(dispute.ObligationId!.Value, today, ct);
            }
        }, ct);
        return (dispute, cleared);
    }

    /// <summary>The disputes, oldest first, optionally of one status or only those overdue today (open past their deadline).</summary>
    public async Task<IReadOnlyList<DisputeView>> ListAsync(DisputeStatus? status = null, bool overdueOnly = false, long? debtorId = null, CancellationToken ct = default)
    {
        var today = BusinessCalendar.LenderToday(clock);
        var query = db.Disputes.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        if (overdueOnly)
        {
            query = query.Where(d => d.Status == DisputeStatus.Open && d.AnswerDeadline < today);
        }

        if (debtorId is { } debtorFilter)
        {
            query = query.Where(d => d.DebtorId == debtorFilter);
        }

        var rows = await (
            from d in query
            join debtor in db.Debtors.AsNoTracking() on d.DebtorId equals debtor.Id
            join o in db.Obligations.AsNoTracking() on d.ObligationId equals (long?)o.Id into obligations
            from o in obligations.DefaultIfEmpty()
            orderby d.Id
            select new { d, debtor.ExternalId, Obligation = o == null ? null : o.ExternalId }).ToListAsync(ct);
        return rows.Select(r => new DisputeView(r.d, r.ExternalId, r.Obligation, r.d.IsOverdue(today))).ToList();
    }

    private async Task InTransactionAsync(Func<Task> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await work();
            await transaction.CommitAsync(ct);
        });
    }
}
