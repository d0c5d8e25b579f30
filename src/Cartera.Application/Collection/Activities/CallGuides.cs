using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Collection.Activities;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Activities;

/// <summary>A debtor's call guide: the stage by days past due and that stage's guide.</summary>
public sealed record DebtorCallGuide(int Dpd, CollectionStage Stage, CallGuide Guide);

/// <summary>
/// The call guides (<c>call_guides</c>): read per stage (the stored row, or the shipped default while none is
/// stored), saved by admins and supervisors (audited), seeded on migrate. The debtor's stage comes from their greatest
/// days past due: the latest closed snapshot, or the oldest unpaid installment when no date was closed yet.
/// </summary>
public sealed class CallGuides(CarteraDbContext db, IActor actor, TimeProvider clock)
{
    public async Task<IReadOnlyList<CallGuide>> ListAsync(CancellationToken ct = default)
    {
        var stored = await db.CallGuides.AsNoTracking().ToDictionaryAsync(g => g.Stage, ct);
        return CollectionStages.ByDpd.Select(s => stored.TryGetValue(s, out var row) ? row.ToGuide() : DefaultCallGuides.For(s)).ToList();
    }

    public async Task<CallGuide> GetAsync(CollectionStage stage, CancellationToken ct = default)
    {
        var row = await db.CallGuides.AsNoTracking().SingleOrDefaultAsync(g => g.Stage == stage, ct);
        return row?.ToGuide() ?? DefaultCallGuides.For(stage);
    }

    /// <summary>Validates and stores a stage's guide (audited with before and after).</summary>
    /// <exception cref="Domain.Common.DomainException">from <see cref="CallGuide.Validated"/>.</exception>
    public async Task<CallGuide> SaveAsync(CallGuide guide, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(guide);
        var valid = guide.Validated();
        var row = await db.CallGuides.SingleOrDefaultAsync(g => g.Stage == valid.Stage, ct);
        if (row is null)
        {
            row = new StoredCallGuide { Stage = valid.Stage };
            db.CallGuides.Add(row);
        }

        row.Apply(valid);
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(ct);
        return row.ToGuide();
    }

    /// <summary>Stores the shipped guides when the table is empty (migrate). Returns how many were stored.</summary>
    public async Task<int> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await db.CallGuides.AnyAsync(ct))
        {
            return 0;
        }

        using var seed = db.ActAs(FixedActor.Seed);
        foreach (var guide in DefaultCallGuides.All)
        {
            var row = new StoredCallGuide { Stage = guide.Stage, UpdatedAt = clock.GetUtcNow(), UpdatedBy = FixedActor.Seed.Name };
            row.Apply(guide);
            db.CallGuides.Add(row);
        }

        await db.SaveChangesAsync(ct);
        return DefaultCallGuides.All.Count;
    }

    /// <summary>The guide for a debtor's current stage, as of <paramref name="today"/> (the debtor's local date).</summary>
    public async Task<DebtorCallGuide> ForDebtorAsync(long debtorId, DateOnly today, CancellationToken ct = default)
    {
        var dpd = await DpdAsync(debtorId, today, ct);
        var stage = CollectionStages.ForDpd(dpd);
        return new DebtorCallGuide(dpd, stage, await GetAsync(stage, ct));
    }

    private async Task<int> DpdAsync(long debtorId, DateOnly today, CancellationToken ct)
    {
        var latest = await db.DelinquencySnapshots.Where(s => s.DebtorId == debtorId)
            .OrderByDescending(s => s.BusinessDate).Select(s => (DateOnly?)s.BusinessDate).FirstOrDefaultAsync(ct);
        if (latest is { } date)
        {
            return await db.DelinquencySnapshots.Where(s => s.DebtorId == debtorId && s.BusinessDate == date).MaxAsync(s => s.Dpd, ct);
        }

        var unpaid = await db.Installments
            .Where(i => db.Obligations.Any(o => o.Id == i.ObligationId && o.DebtorId == debtorId) && i.DueDate < today
                && i.PrincipalPaidMinor + i.InterestPaidMinor + i.InsurancePaidMinor + i.OtherPaidMinor < i.PrincipalMinor + i.InterestMinor + i.InsuranceMinor + i.OtherMinor)
            .Select(i => (DateOnly?)i.DueDate)
            .OrderBy(d => d)
            .FirstOrDefaultAsync(ct);
        return unpaid is { } oldest ? today.DayNumber - oldest.DayNumber : 0;
    }
}
