using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Agreements;

/// <summary>A decision that cannot be recorded: the agreement is no longer pending, or was changed meanwhile (→ 409).</summary>
public sealed class AgreementConflictException(string code, string message) : ConflictException(code, message, "agreement");

/// <summary>An agreement with its obligations and schedule.</summary>
public sealed record AgreementView(PaymentAgreement Agreement, IReadOnlyList<long> ObligationIds, IReadOnlyList<PaymentAgreementInstallment> Installments);

/// <summary>
/// Payment agreements (docs/user/collection.md, Agreements): create one from a simulation — approved at once when the
/// requester's role may approve its terms, else <c>pending_approval</c> in the approval inbox —, approve (its
/// concessions booked, <see cref="AgreementLedger.ApproveAsync"/>, in the same transaction; the agreement itself is
/// booked once the down payment is posted) or reject it (supervisor or administrator within their
/// limit, with optimistic concurrency), read it, list the inbox. Every change
/// goes through the audited SaveChanges with the actor; nothing personal is logged.
/// </summary>
public sealed class PaymentAgreements(CarteraDbContext db, IActor actor, TimeProvider clock, AgreementOptions options)
{
    /// <summary>Statuses in which an obligation is taken by an agreement and cannot enter another one.</summary>
    public static readonly AgreementStatus[] Open = [AgreementStatus.PendingApproval, AgreementStatus.Approved, AgreementStatus.Active];

    /// <summary>The approval level of a person's roles (the highest wins); null when the person may not agree anything.</summary>
    public static AgreementApprover? LevelOf(Func<string, bool> isInRole)
    {
        ArgumentNullException.ThrowIfNull(isInRole);
        return isInRole(Roles.Admin) ? AgreementApprover.Administrator
            : isInRole(Roles.Supervisor) ? AgreementApprover.Supervisor
            : isInRole(Roles.Collector) || isInRole(Roles.FieldAgent) || isInRole(Roles.Agency) ? AgreementApprover.Collector
            : null;
    }

    public AgreementOptions Options => options;

    public async Task<AgreementView> CreateAsync(AgreementRequest request, AgreementApprover level, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var quote = await new AgreementSimulations(db, options).SimulateAsync(request, ct);
        var taken = await db.PaymentAgreementObligations.AsNoTracking()
            .Where(o => quote.ObligationIds.Contains(o.ObligationId))
            .Join(db.PaymentAgreements.Where(a => Open.Contains(a.Status)), o => o.AgreementId, a => a.Id, (o, a) => a.Id)
            .FirstOrDefaultAsync(ct);
        if (taken != 0)
        {
            throw new AgreementConflictException("agreement_exists", $"Some obligation is already in the open agreement {taken}.");
        }

        var s = quote.Simulation;
        var required = options.Limits.RequiredApprover(s.Terms);
        var now = clock.GetUtcNow();
        var approvedAtOnce = level >= required;
        var agreement = new PaymentAgreement
        {
            DebtorId = quote.DebtorId,
            CurrencyCode = quote.Currency.Code,
            AgreementDate = s.Terms.Date,
            InstallmentCount = s.Terms.Installments,
            Rate = s.Terms.Rate,
            PrincipalDiscount = s.Terms.PrincipalDiscount,
            ArrearsWaiver = s.Terms.ArrearsWaiver,
            FeeWaiver = s.Terms.FeeWaiver,
            FirstDueDate = s.FirstDueDate,
            OverduePrincipalMinor = s.Position.OverduePrincipal.MinorUnits,
            FuturePrincipalMinor = s.Position.FuturePrincipal.MinorUnits,
            OverdueInterestMinor = s.Position.OverdueInterest.MinorUnits,
            ArrearsInterestMinor = s.Position.ArrearsInterest.MinorUnits,
            FeesMinor = s.Position.Fees.MinorUnits,
            OtherOverdueMinor = s.Position.OtherOverdue.MinorUnits,
            AgreedBalanceMinor = s.AgreedBalance.MinorUnits,
            ForgivenMinor = s.Forgiven.MinorUnits,
            DownPaymentMinor = s.DownPayment.MinorUnits,
            FinancedMinor = s.Financed.MinorUnits,
            TotalToPayMinor = s.TotalToPay.MinorUnits,
            CapEa = quote.CapEa,
            Status = approvedAtOnce ? AgreementStatus.Approved : AgreementStatus.PendingApproval,
            RequiredApprover = required,
            GraceDays = options.Policy.GraceDays,
            ReinstateOnBreak = options.Policy.ReinstateOnBreak,
            RequestedBy = actor.Name,
            RequestedAt = now,
            DecidedBy = approvedAtOnce ? actor.Name : null,
            DecidedAt = approvedAtOnce ? now : null,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.PaymentAgreements.Add(agreement);
        await db.SaveChangesAsync(ct);
        db.PaymentAgreementObligations.AddRange(quote.ObligationIds.Select(id => new PaymentAgreementObligation { AgreementId = agreement.Id, ObligationId = id }));
        db.PaymentAgreementInstallments.AddRange(s.Schedule.Select(i => new PaymentAgreementInstallment
        {
            AgreementId = agreement.Id,
            Number = i.Number,
            DueDate = i.DueDate,
            PrincipalMinor = i.Principal.MinorUnits,
            InterestMinor = i.Interest.MinorUnits,
        }));
        await db.SaveChangesAsync(ct);
        await new AgreementLedger(db, clock).ApproveAsync(agreement, ct);
        await transaction.CommitAsync(ct);
        return (await GetAsync(agreement.Id, ct))!;
    }

    public Task<AgreementView?> ApproveAsync(long id, AgreementApprover level, string? note, uint? version, CancellationToken ct = default) =>
        DecideAsync(id, level, approve: true, note, version, ct);

    public Task<AgreementView?> RejectAsync(long id, AgreementApprover level, string? note, uint? version, CancellationToken ct = default) =>
        DecideAsync(id, level, approve: false, note, version, ct);

    public async Task<AgreementView?> GetAsync(long id, CancellationToken ct = default)
    {
        var agreement = await db.PaymentAgreements.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null)
        {
            return null;
        }

        var obligations = await db.PaymentAgreementObligations.AsNoTracking().Where(o => o.AgreementId == id).OrderBy(o => o.ObligationId).Select(o => o.ObligationId).ToListAsync(ct);
        var installments = await db.PaymentAgreementInstallments.AsNoTracking().Where(i => i.AgreementId == id).OrderBy(i => i.Number).ToListAsync(ct);
        return new AgreementView(agreement, obligations, installments);
    }

    /// <summary>Books an approved agreement on business date <paramref name="date"/> when its down payment is posted, or
    /// breaks it when the grace for the down payment is over (what close-of-day does each day); null when unknown.</summary>
    public async Task<DownPaymentOutcome?> SettleDownPaymentAsync(long id, DateOnly date, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var agreement = await db.PaymentAgreements.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null)
        {
            return null;
        }

        var outcome = await new AgreementLedger(db, clock).SettleDownPaymentAsync(agreement, date, ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return outcome;
    }

    /// <summary>The approval inbox of <paramref name="level"/>: pending agreements it may approve, oldest first.</summary>
    public async Task<IReadOnlyList<PaymentAgreement>> InboxAsync(AgreementApprover level, CancellationToken ct = default)
    {
        if (level == AgreementApprover.Collector)
        {
            return [];
        }

        var pending = await db.PaymentAgreements.AsNoTracking()
            .Where(a => a.Status == AgreementStatus.PendingApproval)
            .OrderBy(a => a.Id)
            .Take(500)
            .ToListAsync(ct);
        return pending.Where(a => a.RequiredApprover <= level).ToList();
    }

    /// <summary>Agreements of one debtor, newest first.</summary>
    public async Task<IReadOnlyList<PaymentAgreement>> ForDebtorAsync(long debtorId, CancellationToken ct = default) =>
        await db.PaymentAgreements.AsNoTracking().Where(a => a.DebtorId == debtorId).OrderByDescending(a => a.Id).ToListAsync(ct);

    private async Task<AgreementView?> DecideAsync(long id, AgreementApprover level, bool approve, string? note, uint? version, CancellationToken ct)
    {
        var agreement = await db.PaymentAgreements.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null)
        {
            return null;
        }

        if (agreement.Status != AgreementStatus.PendingApproval)
        {
            throw new AgreementConflictException("not_pending", $"Agreement {id} is {EnumCodes.ToCode(agreement.Status)}, not pending approval.");
        }

        if (version is { } v && v != agreement.Version)
        {
            throw new AgreementConflictException("stale_version", $"Agreement {id} changed since it was read (version {agreement.Version}).");
        }

        if (level < AgreementApprover.Supervisor || level < agreement.RequiredApprover)
        {
            throw new DomainException("above_authority", $"These terms need the approval of a {EnumCodes.ToCode(agreement.RequiredApprover)}.", "decision");
        }

        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed is { Length: > 1000 })
        {
            throw new DomainException("too_long", "The note has at most 1000 characters.", "note");
        }

        if (!approve && trimmed is null)
        {
            throw new DomainException("required", "A rejection needs a note saying why.", "note");
        }

        agreement.Status = approve ? AgreementStatus.Approved : AgreementStatus.Rejected;
        agreement.DecidedBy = actor.Name;
        agreement.DecidedAt = clock.GetUtcNow();
        agreement.DecisionNote = trimmed;
        try
        {
            // The decision and, on approval, its concession lines commit together (or not at all).
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await new AgreementLedger(db, clock).ApproveAsync(agreement, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new AgreementConflictException("stale_version", $"Agreement {id} changed since it was read.");
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }

        return await GetAsync(id, ct);
    }
}
