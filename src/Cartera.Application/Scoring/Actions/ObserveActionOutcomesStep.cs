using System.Globalization;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Data;

namespace Cartera.Application.Scoring.Actions;

/// <summary>
/// Close-of-day step <c>observe_outcomes</c>, plugged after the snapshots (after scoring): fills the champion/challenger
/// outcomes whose window ended by the business date from the ledger (<see cref="ActionOutcomes.ObserveAsync"/>).
/// Idempotent: observed outcomes are not touched again, so a resumed run does nothing twice.
/// </summary>
public sealed class ObserveActionOutcomesStep : ICloseOfDayStep
{
    public string Name => CloseOfDaySteps.ObserveOutcomes;

    public async Task<CloseOfDayStepOutcome> RunAsync(CarteraDbContext db, DateOnly businessDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var result = await new ActionOutcomes(db).ObserveAsync(businessDate, cancellationToken);
        return new CloseOfDayStepOutcome(result.Observed, string.Create(CultureInfo.InvariantCulture, $"{result.Observed} action outcome(s) observed, {result.Paid} paid."));
    }
}
