using System.Globalization;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Export;
using Cartera.Domain.Bureau;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Bureau;

/// <summary>The formats of <c>cartera bureau report</c>: the review list, the Colombian positional file, the Metro 2 file.</summary>
public enum BureauFileFormat
{
    Csv,
    Datacredito,
    Metro2,
}

/// <summary>Who reports (the headers' codes and name) and the minimum-wage table, from configuration section <c>Bureau</c>.</summary>
public sealed record BureauSettings(BureauReporter Reporter, MinimumWageTable Wages)
{
    public static BureauSettings Default { get; } = new(new BureauReporter("0", string.Empty, string.Empty, string.Empty), MinimumWageTable.Shipped);
}

/// <summary>One candidate of a report date: the obligation and debtor ids, the figures of the date, the decision and the account as the files carry it.</summary>
public sealed record BureauCandidate(long ObligationId, string ObligationExternalId, string DebtorExternalId, BureauJurisdiction? Jurisdiction, BureauAccountLine Account)
{
    public BureauDecision Decision => Account.Decision;
}

/// <summary>What a report run wrote: candidates, lines reported and refused, records in the file, accounts whose bureau state changed.</summary>
public sealed record BureauReportResult(int Candidates, int Reported, int Refused, int Records, int AccountsRecorded);

/// <summary>
/// The monthly credit-bureau report of a closed business date D (RULES §8, docs/user/bureau.md). Candidates are the
/// obligations with DPD &gt; 0 in the close-of-day snapshot of D (Delinquency's <see cref="DelinquencySnapshot"/>) plus
/// the accounts reported before D and not yet corrected or deleted (so a paid debt gets its correction and an upheld
/// dispute its deletion). Each is decided by the domain's <see cref="BureauEligibility"/> with the delivered prior
/// notices (<c>bureau_notices</c>), Compliance's dispute hold (<see cref="ComplianceOverrides.DebtorsWithDisputeHoldAsync"/>), the
/// debtor's agency placement (Metro 2 status 93) and the reported state (<c>bureau_reported_accounts</c>).
/// <c>csv</c> lists every candidate and changes nothing; <c>datacredito</c> (Colombian accounts) and <c>metro2</c> (US
/// accounts) write the reported lines and record what was sent, in one transaction. Nothing personal is logged.
/// </summary>
public sealed class BureauReport(CarteraDbContext db, TimeProvider clock, BureauSettings settings)
{
    /// <summary>The columns of the <c>csv</c> format, in this order.</summary>
    public static readonly IReadOnlyList<string> CsvColumns =
        ["obligation_id", "debtor_id", "status", "reason", "notice_delivered_on", "dpd", "overdue_amount", "currency"];

    /// <summary>Every candidate of <paramref name="date"/>, ordered by obligation id (ordinal).</summary>
    /// <exception cref="DomainException"><c>date_not_closed</c> when close-of-day has not closed the date.</exception>
    public async Task<IReadOnlyList<BureauCandidate>> CandidatesAsync(DateOnly date, CancellationToken ct = default)
    {
        if (!await db.BusinessDays.AsNoTracking().AnyAsync(d => d.Date == date && d.Status == BusinessDayStatus.Closed, ct))
        {
            throw new DomainException("date_not_closed", string.Create(CultureInfo.InvariantCulture, $"The business date {date:yyyy-MM-dd} has not been closed: run close-of-day for it first."), "date");
        }

        var openIds = await db.BureauReportedAccounts.AsNoTracking()
            .Where(a => a.FirstReportedOn < date && (a.ClosedOn == null || a.ClosedOn >= date))
            .Select(a => a.ObligationId).ToListAsync(ct);
        var rows = await (
            from s in db.DelinquencySnapshots.AsNoTracking()
            join o in db.Obligations.AsNoTracking() on s.ObligationId equals o.Id
            join d in db.Debtors.AsNoTracking() on o.DebtorId equals d.Id
            where s.BusinessDate == date && (s.Dpd > 0 || openIds.Contains(s.ObligationId))
            select new Row(o, d, s.Dpd, s.OldestUnpaidDueDate, s.TotalDueMinor, s.OutstandingPrincipalMinor)).ToListAsync(ct);
        var withoutSnapshot = openIds.Except(rows.Select(r => r.Obligation.Id)).ToList();
        if (withoutSnapshot.Count > 0)
        {
            // A reported obligation with no snapshot on D (cancelled, restructured): nothing is overdue any more.
            rows.AddRange(await (
                from o in db.Obligations.AsNoTracking()
                join d in db.Debtors.AsNoTracking() on o.DebtorId equals d.Id
                where withoutSnapshot.Contains(o.Id)
                select new Row(o, d, 0, null, 0L, 0L)).ToListAsync(ct));
        }

        var ids = rows.Select(r => r.Obligation.Id).ToList();
        var debtorIds = rows.Select(r => r.Debtor.Id).Distinct().ToList();
        var reported = await db.BureauReportedAccounts.AsNoTracking().Where(a => ids.Contains(a.ObligationId)).ToDictionaryAsync(a => a.ObligationId, ct);
        var notices = (await db.BureauNotices.AsNoTracking()
                .Where(n => ids.Contains(n.ObligationId) && n.DeliveredOn != null && n.DeliveredOn <= date)
                .Select(n => new { n.ObligationId, DeliveredOn = n.DeliveredOn!.Value }).ToListAsync(ct))
            .ToLookup(n => n.ObligationId, n => n.DeliveredOn);
        var disputes = await new ComplianceOverrides(db).DebtorsWithDisputeHoldAsync(debtorIds, ct);
        var placed = (await db.DebtorAssignments.AsNoTracking()
            .Where(a => a.Role == AssignmentRole.Agency && a.EndedAt == null && a.ValidFrom <= date && debtorIds.Contains(a.DebtorId))
            .Select(a => a.DebtorId).ToListAsync(ct)).ToHashSet();

        var candidates = new List<BureauCandidate>(rows.Count);
        foreach (var row in rows)
        {
            var (o, d) = (row.Obligation, row.Debtor);
            reported.TryGetValue(o.Id, out var state);
            var facts = new BureauFacts(d.Country, row.Dpd, row.OldestUnpaidDueDate, row.OverdueMinor, o.CurrencyCode, notices[o.Id].ToList())
            {
                PaidOff = o.Status == ObligationStatus.PaidOff,
                ChargedOff = o.Status == ObligationStatus.WrittenOff,
                AssignedToCollections = placed.Contains(d.Id),
                DisputeOpen = disputes.Contains(d.Id),
                DisputeUpheld = state?.DisputeUpheldOn is { } upheld && upheld <= date,
                PreviouslyReported = state is not null && state.FirstReportedOn < date && (state.ClosedOn is null || state.ClosedOn >= date),
            };
            var decision = BureauEligibility.Decide(facts, date, settings.Wages);
            if (decision.Reason == "not_past_due")
            {
                continue;
            }

            var account = new BureauAccountLine(
                o.ExternalId, o.IssueDate, o.PrincipalMinor, o.Term, o.CurrencyCode, row.Dpd, row.OldestUnpaidDueDate, row.OutstandingMinor, row.OverdueMinor, decision,
                new BureauDebtorIdentity(EnumCodes.ToCode(d.IdType), d.IdNumber, d.FullName, d.BirthDate, d.Address, d.City, d.Region))
            {
                PaidOff = facts.PaidOff,
                ChargedOff = facts.ChargedOff,
            };
            candidates.Add(new BureauCandidate(o.Id, o.ExternalId, d.ExternalId, BureauEligibility.JurisdictionOf(d.Country), account));
        }

        candidates.Sort((a, b) => string.CompareOrdinal(a.ObligationExternalId, b.ObligationExternalId));
        return candidates;
    }

    /// <summary>
    /// Writes the report of <paramref name="date"/> in <paramref name="format"/> to <paramref name="output"/>. The file
    /// formats record what they sent (<c>bureau_reported_accounts</c>); a date before the last one recorded for the
    /// same bureau is refused (<c>report_date_before_last</c>).
    /// </summary>
    public async Task<BureauReportResult> WriteAsync(DateOnly date, BureauFileFormat format, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var candidates = await CandidatesAsync(date, ct);
        var reportedCount = candidates.Count(c => c.Decision.Status == BureauLineStatus.Reported);
        var refusedCount = candidates.Count - reportedCount;
        if (format == BureauFileFormat.Csv)
        {
            await output.WriteLineAsync(string.Join(',', CsvColumns));
            foreach (var c in candidates)
            {
                await output.WriteLineAsync(CsvText.Line(CsvRow(c)));
            }

            await output.FlushAsync(ct);
            return new BureauReportResult(candidates.Count, reportedCount, refusedCount, candidates.Count, 0);
        }

        var jurisdiction = format == BureauFileFormat.Datacredito ? BureauJurisdiction.Colombia : BureauJurisdiction.UnitedStates;
        var last = await db.BureauReportedAccounts.AsNoTracking().Where(a => a.Jurisdiction == jurisdiction)
            .MaxAsync(a => (DateOnly?)a.LastReportedOn, ct);
        if (last is { } l && l > date)
        {
            throw new DomainException("report_date_before_last", string.Create(CultureInfo.InvariantCulture, $"A {EnumCodes.ToCode(format)} report for {l:yyyy-MM-dd} was already produced; a report cannot go back to {date:yyyy-MM-dd}."), "date");
        }

        var sent = candidates.Where(c => c.Jurisdiction == jurisdiction && c.Decision.Status == BureauLineStatus.Reported).ToList();
        var lines = sent.Select(c => c.Account).ToList();
        var today = BusinessCalendar.LenderToday(clock);
        var records = format == BureauFileFormat.Datacredito
            ? BureauFiles.Datacredito(lines, settings.Reporter, date, today)
            : BureauFiles.Metro2(lines, settings.Reporter, date, today);
        var changed = await RecordAsync(sent, jurisdiction, date, ct);
        foreach (var record in records)
        {
            await output.WriteAsync(record);
            await output.WriteAsync('\n');
        }

        await output.FlushAsync(ct);
        return new BureauReportResult(candidates.Count, reportedCount, refusedCount, records.Count, changed);
    }

    /// <summary>
    /// Records that a dispute about the obligation was upheld on <paramref name="on"/>: the next file deletes the
    /// account if it was reported, and it is never reported again. For the disputes workflow. False when the obligation
    /// was never reported (nothing to delete).
    /// </summary>
    public async Task<bool> RecordDisputeUpheldAsync(long obligationId, DateOnly on, CancellationToken ct = default)
    {
        var state = await db.BureauReportedAccounts.SingleOrDefaultAsync(a => a.ObligationId == obligationId, ct);
        if (state is null)
        {
            return false;
        }

        state.DisputeUpheldOn = on;
        state.UpdatedAt = clock.GetUtcNow();
        state.UpdatedBy = db.Actor.Name;
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<int> RecordAsync(List<BureauCandidate> sent, BureauJurisdiction jurisdiction, DateOnly date, CancellationToken ct)
    {
        var ids = sent.Select(c => c.ObligationId).ToList();
        var states = await db.BureauReportedAccounts.Where(a => ids.Contains(a.ObligationId)).ToDictionaryAsync(a => a.ObligationId, ct);
        var now = clock.GetUtcNow();
        foreach (var c in sent)
        {
            var decision = c.Decision;
            if (!states.TryGetValue(c.ObligationId, out var state))
            {
                state = new BureauReportedAccount { ObligationId = c.ObligationId, Jurisdiction = jurisdiction, FirstReportedOn = date };
                db.BureauReportedAccounts.Add(state);
            }
            else if (state.ClosedOn is { } closed && closed < date)
            {
                state.FirstReportedOn = date; // a new episode after a correction or deletion
            }

            var closes = decision.Action != BureauAction.Delinquency;
            var changed = state.LastReportedOn != date || state.LastStatus != decision.AccountStatus || state.LastDpd != Math.Max(c.Account.Dpd, 0)
                || state.Disputed != decision.Disputed || state.ClosedOn != (closes ? date : null);
            if (!changed)
            {
                continue;
            }

            state.LastReportedOn = date;
            state.LastStatus = decision.AccountStatus;
            state.LastDpd = Math.Max(c.Account.Dpd, 0);
            state.Disputed = decision.Disputed;
            state.ClosedOn = closes ? date : null;
            state.ClosedReason = closes ? decision.Reason : null;
            state.UpdatedAt = now;
            state.UpdatedBy = db.Actor.Name;
        }

        var count = db.ChangeTracker.Entries<BureauReportedAccount>().Count(e => e.State is EntityState.Added or EntityState.Modified);
        await db.SaveChangesAsync(ct);
        return count;
    }

    private static string?[] CsvRow(BureauCandidate c)
    {
        var inv = CultureInfo.InvariantCulture;
        var currency = Currency.Of(c.Account.Currency);
        return
        [
            c.ObligationExternalId,
            c.DebtorExternalId,
            EnumCodes.ToCode(c.Decision.Status),
            c.Decision.Reason,
            c.Decision.NoticeDeliveredOn?.ToString("yyyy-MM-dd", inv),
            c.Account.Dpd.ToString(inv),
            Money.FromMinorUnits(c.Account.OverdueMinor, currency).Amount.ToString("F" + currency.MinorUnits.ToString(inv), inv),
            c.Account.Currency,
        ];
    }

    private sealed record Row(Obligation Obligation, Debtor Debtor, int Dpd, DateOnly? OldestUnpaidDueDate, long OverdueMinor, long OutstandingMinor);
}
