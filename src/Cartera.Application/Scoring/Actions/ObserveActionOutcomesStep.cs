using System.Globalization;
using Cartera.Application.CloseOfDay;

namespace Cartera.Application.Scoring.Actions;

/// <summary>
/// Close-of-day step <c>observe_outcomes</c>, placed in DESIGN §5 at 9 (order 1, after the risk scores: both feed the
/// scoring of debtors and actions): fills the champion/challenger
/// outcomes whose window ended by the business date from the ledger (<see cref="ActionOutcomes.ObserveAsync"/>).
/// Idempotent: observed outcomes are not touched again, so a resumed run does nothing twice.
/// </summary>
public sealed class ObserveActionOutcomesStep : ICloseOfDayStep
{
    public int Number => 9;

    public int Order => 1;

    public string Name => CloseOfDaySteps.ObserveOutcomes;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await new ActionOutcomes(context.Db).ObserveAsync(context.Date, cancellationToken);
        return new CloseOfDayStepOutcome(result.Observed, string.Create(CultureInfo.InvariantCulture, $"{result.Observed} action outcome(s) observed, {result.Paid} paid."));
    }
}
