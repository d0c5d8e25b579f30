using Cartera.Application.Data;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Portfolio;

/// <summary>
/// Portfolio's write entry point for changes of an obligation's life decided by another feature (payment agreements,
/// RULES §14): open the new <c>agreement</c> obligation with its agreed schedule, close the originals as restructured,
/// and make them active again when a broken agreement reinstates what was forgiven on them. Changes go through the
/// audited SaveChanges; the caller saves, inside its transaction.
/// </summary>
public sealed class ObligationLifecycle(CarteraDbContext db)
{
    /// <summary>Adds a new obligation with the schedule given (used as it is, checked like an imported one); an agreement
    /// obligation with the category it carries from the obligations it replaced.</summary>
    public Obligation Open(ObligationTerms terms, long debtorId, IReadOnlyList<PlannedInstallment> schedule, DateTimeOffset now, string? carriedCategory = null)
    {
        var obligation = Obligation.Create(terms, debtorId, now);
        obligation.UseImportedSchedule(schedule);
        if (carriedCategory is not null)
        {
            obligation.CarryCategory(carriedCategory);
        }

        db.Obligations.Add(obligation);
        return obligation;
    }

    /// <summary>Marks these active obligations restructured (tracked; the caller saves).</summary>
    public async Task RestructureAsync(IReadOnlyCollection<long> obligationIds, CancellationToken ct = default)
    {
        foreach (var obligation in await db.Obligations.Where(o => obligationIds.Contains(o.Id)).ToListAsync(ct))
        {
            obligation.MarkRestructured();
        }
    }

    /// <summary>Makes these restructured obligations active again (tracked; the caller saves); others are left as they are.</summary>
    public async Task ReinstateAsync(IReadOnlyCollection<long> obligationIds, CancellationToken ct = default)
    {
        var restructured = await db.Obligations.Where(o => obligationIds.Contains(o.Id) && o.Status == ObligationStatus.Restructured).ToListAsync(ct);
        foreach (var obligation in restructured)
        {
            obligation.ReinstateAfterBrokenAgreement();
        }
    }
}
