using System.Text.RegularExpressions;
using Cartera.Application.Data;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Scoring.Actions;

/// <summary>
/// An action assigned to a debtor in a champion/challenger experiment: the business date it was decided, the action code
/// (a stored prior's code), the arm, the experiment code, the payment probability the score gave then, the amount due
/// then (minor units of <see cref="Currency"/>) and the observation window (default 30 days, the label's).
/// </summary>
public sealed record ActionOutcomeInput(
    long DebtorId,
    DateOnly DecidedOn,
    string ActionCode,
    string Arm,
    string Experiment,
    double PredictedProbability,
    long AmountDueMinor,
    string Currency,
    int? WindowDays = null);

/// <summary>What <see cref="ActionOutcomes.ObserveAsync"/> did: outcomes observed, of which paid.</summary>
public sealed record ObservationResult(int Observed, int Paid);

/// <summary>
/// Champion/challenger outcomes (<c>action_outcomes</c>). <see cref="RecordAsync"/> stores the action decided for a
/// debtor (the strategies call it when they assign an action; integrators through
/// <c>POST /api/v1/scoring/action-outcomes</c>). <see cref="ObserveAsync"/> fills every outcome whose window ended by
/// the as-of date from the ledger, set-based: one query for the pending outcomes, one for the money received (payment
/// lines and the reversals that undo them, by value date, <see cref="PortfolioHistoryReader.IsMoneyReceived"/>) in the
/// debtors' obligations of the outcome's currency, then one batched update — never a query per debtor.
/// </summary>
public sealed partial class ActionOutcomes(CarteraDbContext db)
{
    public const int MaxWindowDays = 366;

    public async Task<ActionOutcome> RecordAsync(ActionOutcomeInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ExperimentArms.IsKnown(input.Arm))
        {
            throw new DomainException("invalid_arm", "The arm is champion or challenger.", "arm");
        }

        if (!ExperimentPattern().IsMatch(input.Experiment ?? string.Empty))
        {
            throw new DomainException("invalid_value", "An experiment code is letters, digits, '-', '_' or '.', at most 80.", "experiment");
        }

        if (input.PredictedProbability is < 0 or > 1 || double.IsNaN(input.PredictedProbability))
        {
            throw new DomainException("invalid_probability", "A probability is between 0 and 1.", "predicted_probability");
        }

        if (input.AmountDueMinor <= 0)
        {
            throw new DomainException("invalid_amount", "The amount due is positive.", "amount_due_minor");
        }

        var window = input.WindowDays ?? PaymentLabel.WindowDays;
        if (window is < 1 or > MaxWindowDays)
        {
            throw new DomainException("invalid_value", "The window is 1 to 366 days.", "window_days");
        }

        if (!Domain.Common.Currency.TryOf(input.Currency?.Trim().ToUpperInvariant(), out var currency))
        {
            throw new DomainException("invalid_currency", "The currency is an ISO 4217 code Cartera knows.", "currency");
        }

        var known = await new ActionPriorCatalog(db).CurrentCodesAsync(ct);
        if (!known.Contains(input.ActionCode))
        {
            throw new DomainException("unknown_action", "The action is not one of the stored priors.", "action_code");
        }

        if (!await db.Debtors.AnyAsync(d => d.Id == input.DebtorId, ct))
        {
            throw new DomainException("unknown_debtor", "No debtor has this id.", "debtor_id");
        }

        var row = new ActionOutcome
        {
            DebtorId = input.DebtorId,
            DecidedOn = input.DecidedOn,
            ActionCode = input.ActionCode,
            Arm = input.Arm,
            ExperimentCode = input.Experiment!,
            PredictedProbability = input.PredictedProbability,
            AmountDueMinor = input.AmountDueMinor,
            CurrencyCode = currency.Code,
            WindowDays = window,
            RecordedBy = db.Actor.Name,
            RecordedAt = db.Clock.GetUtcNow(),
        };
        db.ActionOutcomes.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>Fills the pending outcomes whose window (decided, decided + window] ended on or before <paramref name="asOf"/>. Idempotent: observed rows are left alone.</summary>
    public async Task<ObservationResult> ObserveAsync(DateOnly asOf, CancellationToken ct = default)
    {
        var latestDecision = asOf.AddDays(-1);
        var candidates = db.ActionOutcomes.Where(o => o.ObservedAt == null && o.DecidedOn <= latestDecision);
        var pending = (await candidates.OrderBy(o => o.Id).ToListAsync(ct)).Where(o => o.WindowEnd <= asOf).ToList();
        if (pending.Count == 0)
        {
            return new ObservationResult(0, 0);
        }

        var from = pending.Min(o => o.DecidedOn);
        var to = pending.Max(o => o.WindowEnd);
        var received = (await db.LedgerEntries.AsNoTracking()
                .Where(e => (e.Kind == LedgerEntryKind.Payment || e.Kind == LedgerEntryKind.Reversal) && e.ValueDate > from && e.ValueDate <= to)
                .Join(db.Obligations.Where(o => candidates.Any(c => c.DebtorId == o.DebtorId)), e => e.ObligationId, o => o.Id, (e, o) => new { o.DebtorId, o.CurrencyCode, e.Kind, e.Component, e.InstallmentNumber, e.ValueDate, e.AmountMinor })
                .ToListAsync(ct))
            .Where(r => PortfolioHistoryReader.IsMoneyReceived(r.Kind, r.Component, r.InstallmentNumber))
            .ToLookup(r => (r.DebtorId, Currency: r.CurrencyCode.Trim()), r => new DatedAmount(r.ValueDate, -r.AmountMinor));

        var now = db.Clock.GetUtcNow();
        var paid = 0;
        foreach (var outcome in pending)
        {
            var end = outcome.WindowEnd;
            var amount = received[(outcome.DebtorId, outcome.CurrencyCode.Trim())].Where(p => p.Date > outcome.DecidedOn && p.Date <= end).Sum(p => p.AmountMinor);
            outcome.PaidMinor = Math.Max(0, amount);
            outcome.Paid = PaymentLabel.Pays(outcome.PaidMinor.Value, outcome.AmountDueMinor);
            outcome.ObservedAt = now;
            paid += outcome.Paid == true ? 1 : 0;
        }

        await db.SaveChangesAsync(ct);
        return new ObservationResult(pending.Count, paid);
    }

    /// <summary>The observed outcomes (window ended by <paramref name="asOf"/> when given) as the learner reads them.</summary>
    public async Task<IReadOnlyList<ObservedActionOutcome>> ObservedAsync(DateOnly? asOf, CancellationToken ct = default)
    {
        var rows = await db.ActionOutcomes.AsNoTracking()
            .Where(o => o.ObservedAt != null && o.PaidMinor != null && o.Paid != null)
            .OrderBy(o => o.Id)
            .ToListAsync(ct);
        return rows
            .Where(o => asOf is not { } d || o.WindowEnd <= d)
            .Select(o => new ObservedActionOutcome(o.ActionCode, o.Arm, o.ExperimentCode, o.PredictedProbability, o.AmountDueMinor, o.PaidMinor!.Value, o.Paid!.Value))
            .ToList();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExperimentPattern();
}
