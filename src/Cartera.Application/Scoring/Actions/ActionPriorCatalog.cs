using System.Text.RegularExpressions;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Scoring.Actions;

/// <summary>An administrator's edit of one prior (insert when the code is new). <see cref="Version"/> is the row's concurrency token as read; null for a new code.</summary>
public sealed record ActionPriorInput(string Code, double Lift, double RecoveryShare, long CostMinor, string Currency, int MinDpd, bool Enabled, uint? Version = null);

/// <summary>
/// The stored best-next-action priors (<c>action_priors</c>): seeded with <see cref="BestNextAction.DefaultPriors"/> (in
/// COP) on migrate when the table is empty, edited by an administrator (source <c>configured</c>) or by the learner
/// (source <c>learned</c>), every change audited by SaveChanges. <see cref="CurrentAsync"/> is what the ranking uses:
/// the enabled rows, or the hard-coded defaults only while the table is empty.
/// </summary>
public sealed partial class ActionPriorCatalog(CarteraDbContext db)
{
    /// <summary>The currency of the shipped defaults' costs.</summary>
    public static readonly Currency DefaultCurrency = Currency.COP;

    public async Task<IReadOnlyList<StoredActionPrior>> ListAsync(CancellationToken ct = default) =>
        await db.ActionPriors.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);

    /// <summary>The priors the ranking uses: the enabled stored rows in id order, or <see cref="BestNextAction.DefaultPriors"/> when none is stored.</summary>
    public async Task<IReadOnlyList<ActionPrior>> CurrentAsync(CancellationToken ct = default)
    {
        var stored = await ListAsync(ct);
        return stored.Count == 0 ? BestNextAction.DefaultPriors : stored.Where(p => p.Enabled).Select(ToDomain).ToList();
    }

    /// <summary>Every known action code (stored rows, enabled or not; the defaults' codes while none is stored).</summary>
    public async Task<IReadOnlySet<string>> CurrentCodesAsync(CancellationToken ct = default)
    {
        var codes = await db.ActionPriors.AsNoTracking().Select(p => p.Code).ToListAsync(ct);
        return (codes.Count == 0 ? BestNextAction.DefaultPriors.Select(p => p.Code) : codes).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Inserts or updates one prior (source back to <c>configured</c>); a stale <see cref="ActionPriorInput.Version"/> is a concurrency conflict.</summary>
    public async Task<StoredActionPrior> SaveAsync(ActionPriorInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var currency = Validate(input);
        var row = await db.ActionPriors.FirstOrDefaultAsync(p => p.Code == input.Code, ct);
        if (row is null)
        {
            row = new StoredActionPrior { Code = input.Code };
            db.ActionPriors.Add(row);
        }
        else if (input.Version is { } version)
        {
            db.Entry(row).Property(p => p.Version).OriginalValue = version;
        }

        row.Lift = input.Lift;
        row.RecoveryShare = input.RecoveryShare;
        row.CostMinor = input.CostMinor;
        row.CurrencyCode = currency.Code;
        row.MinDpd = input.MinDpd;
        row.Enabled = input.Enabled;
        row.Source = ActionPriorSources.Configured;
        row.LearnedFromOutcomes = null;
        row.LearnedFromPayers = null;
        row.LearnedAsOf = null;
        Touch(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>Stores the shipped defaults when the table is empty (<c>db migrate</c>, start-up, demo). Returns how many were stored.</summary>
    public async Task<int> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await db.ActionPriors.AnyAsync(ct))
        {
            return 0;
        }

        using var system = db.ActAs(Audit.FixedActor.Seed);
        foreach (var prior in BestNextAction.DefaultPriors)
        {
            var row = new StoredActionPrior
            {
                Code = prior.Code,
                Lift = prior.Lift,
                RecoveryShare = prior.RecoveryShare,
                CostMinor = Money.Of(prior.Cost, DefaultCurrency).MinorUnits,
                CurrencyCode = DefaultCurrency.Code,
                MinDpd = prior.MinDpd,
            };
            Touch(row);
            db.ActionPriors.Add(row);
        }

        await db.SaveChangesAsync(ct);
        return BestNextAction.DefaultPriors.Count;
    }

    /// <summary>The domain prior of a stored row (cost in major units of its currency).</summary>
    public static ActionPrior ToDomain(StoredActionPrior row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var cost = Money.FromMinorUnits(row.CostMinor, Currency.Of(row.CurrencyCode.Trim())).Amount;
        return new ActionPrior(row.Code, row.Lift, row.RecoveryShare, cost, row.MinDpd);
    }

    internal void Touch(StoredActionPrior row)
    {
        row.UpdatedBy = db.Actor.Name;
        row.UpdatedAt = db.Clock.GetUtcNow();
    }

    private static Currency Validate(ActionPriorInput input)
    {
        if (!CodePattern().IsMatch(input.Code ?? string.Empty))
        {
            throw new DomainException("invalid_value", "An action code is lower-case letters, digits and _ (at most 40, starting with a letter).", "code");
        }

        if (!(input.Lift is > 0 and <= 10))
        {
            throw new DomainException("invalid_value", "The lift is above 0 and at most 10.", "lift");
        }

        if (!(input.RecoveryShare is > 0 and <= 1))
        {
            throw new DomainException("invalid_value", "The recovery share is above 0 and at most 1.", "recovery_share");
        }

        if (input.CostMinor < 0)
        {
            throw new DomainException("invalid_value", "The cost is zero or more.", "cost_minor");
        }

        if (input.MinDpd is < 0 or > 10_000)
        {
            throw new DomainException("invalid_value", "The minimum days past due is between 0 and 10,000.", "min_dpd");
        }

        return Currency.TryOf(input.Currency?.Trim().ToUpperInvariant() ?? string.Empty, out var currency)
            ? currency
            : throw new DomainException("invalid_currency", "The currency is an ISO 4217 code Cartera knows.", "currency");
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
