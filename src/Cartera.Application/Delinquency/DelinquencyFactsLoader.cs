using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>One obligation's facts for the engine, with its product settings.</summary>
public sealed record LoadedObligation(ObligationFacts Facts, string Product, ProductSettings Settings);

/// <summary>
/// Loads what the delinquency engine needs of one obligation (schedule + ledger as movements, via
/// <see cref="LedgerMovements"/>). For a single obligation (payment posting, the explanation page); close-of-day reads the
/// whole portfolio in bulk.
/// </summary>
public sealed class DelinquencyFactsLoader(CarteraDbContext db)
{
    public async Task<LoadedObligation> LoadAsync(long obligationId, CancellationToken ct = default)
    {
        var obligation = await db.Obligations.AsNoTracking()
            .Where(o => o.Id == obligationId)
            .Select(o => new { o.Id, o.DebtorId, o.CurrencyCode, o.Kind, o.ArrearsRateEa, o.Product })
            .FirstOrDefaultAsync(ct)
            ?? throw new DomainException("not_found", $"Obligation {obligationId} does not exist.", "obligation_id");

        var installments = await db.Installments.AsNoTracking()
            .Where(i => i.ObligationId == obligationId)
            .OrderBy(i => i.Number)
            .Select(i => new ScheduledInstallment(i.Number, i.DueDate, i.PrincipalMinor, i.InterestMinor, i.InsuranceMinor, i.OtherMinor))
            .ToListAsync(ct);

        var lines = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.ObligationId == obligationId)
            .OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Kind, e.Component, e.AmountMinor, e.InstallmentNumber, e.ValueDate })
            .ToListAsync(ct);

        var movements = lines
            .Select(l => LedgerMovements.From(l.Id, l.Kind, l.Component, l.AmountMinor, l.InstallmentNumber, l.ValueDate))
            .OfType<Movement>()
            .ToList();

        var facts = new ObligationFacts(obligation.Id, obligation.DebtorId, obligation.CurrencyCode, obligation.Kind, obligation.ArrearsRateEa, installments, movements);
        var settings = await new ProductCatalog(db).ForCodeAsync(obligation.Product, ct);
        return new LoadedObligation(facts, obligation.Product, settings);
    }
}
