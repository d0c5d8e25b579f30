using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>One obligation's facts for the engine, with its product settings and, for an agreement obligation, the
/// category it carries from the obligations it replaced (<see cref="RestructuredClassification"/>).</summary>
public sealed record LoadedObligation(ObligationFacts Facts, string Product, ProductSettings Settings, string? CarriedCategory = null);

/// <summary>
/// Loads what the delinquency engine needs of one obligation (schedule + ledger as movements, via
/// <see cref="LedgerMovements"/>). For a single obligation (payment posting, the explanation page); close-of-day reads the
/// whole portfolio in bulk.
/// </summary>
public sealed class DelinquencyFactsLoader(CarteraDbContext db)
{
    public async Task<LoadedObligation> LoadAsync(long obligationId, CancellationToken ct = default)
    {
        var loaded = await LoadManyAsync([obligationId], ct);
        return loaded.Count == 1
            ? loaded[0]
            : throw new DomainException("not_found", $"Obligation {obligationId} does not exist.", "obligation_id");
    }

    /// <summary>
    /// Several obligations in three queries whatever their number (obligations, installments, ledger lines) plus one per
    /// distinct product; ids that do not exist are left out. In the order of <paramref name="obligationIds"/>.
    /// </summary>
    public async Task<IReadOnlyList<LoadedObligation>> LoadManyAsync(IReadOnlyCollection<long> obligationIds, CancellationToken ct = default)
    {
        if (obligationIds.Count == 0)
        {
            return [];
        }

        var obligations = await db.Obligations.AsNoTracking()
            .Where(o => obligationIds.Contains(o.Id))
            .Select(o => new { o.Id, o.DebtorId, o.CurrencyCode, o.Kind, o.ArrearsRateEa, o.Product, o.CarriedCategory })
            .ToDictionaryAsync(o => o.Id, ct);

        var installments = (await db.Installments.AsNoTracking()
            .Where(i => obligationIds.Contains(i.ObligationId))
            .OrderBy(i => i.ObligationId).ThenBy(i => i.Number)
            .Select(i => new { i.ObligationId, Installment = new ScheduledInstallment(i.Number, i.DueDate, i.PrincipalMinor, i.InterestMinor, i.InsuranceMinor, i.OtherMinor) })
            .ToListAsync(ct))
            .ToLookup(i => i.ObligationId, i => i.Installment);

        var movements = (await db.LedgerEntries.AsNoTracking()
            .Where(e => obligationIds.Contains(e.ObligationId))
            .OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.ObligationId, e.Kind, e.Component, e.AmountMinor, e.InstallmentNumber, e.ValueDate })
            .ToListAsync(ct))
            .Select(l => (l.ObligationId, Movement: LedgerMovements.From(l.Id, l.Kind, l.Component, l.AmountMinor, l.InstallmentNumber, l.ValueDate)))
            .Where(l => l.Movement is not null)
            .ToLookup(l => l.ObligationId, l => l.Movement!.Value);

        var catalog = new ProductCatalog(db);
        var settingsByProduct = new Dictionary<string, ProductSettings>(StringComparer.Ordinal);
        var result = new List<LoadedObligation>(obligations.Count);
        foreach (var id in obligationIds)
        {
            if (!obligations.TryGetValue(id, out var obligation))
            {
                continue;
            }

            if (!settingsByProduct.TryGetValue(obligation.Product, out var settings))
            {
                settings = await catalog.ForCodeAsync(obligation.Product, ct);
                settingsByProduct.Add(obligation.Product, settings);
            }

            var facts = new ObligationFacts(obligation.Id, obligation.DebtorId, obligation.CurrencyCode, obligation.Kind, obligation.ArrearsRateEa, [.. installments[id]], [.. movements[id]]);
            result.Add(new LoadedObligation(facts, obligation.Product, settings, obligation.CarriedCategory));
        }

        return result;
    }
}
