using Cartera.Application.CloseOfDay;

namespace Cartera.Application.Payments;

/// <summary>
/// Close-of-day step 2 (DESIGN §5): posts the payments whose value date has come, then applies credit balances to the
/// installments that fell due. Both halves are idempotent, so a resumed close can run the step again.
/// </summary>
public sealed class PostPaymentsStep : ICloseOfDayStep
{
    public int Number => 2;

    public string Name => CloseOfDaySteps.PostPayments;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (db, businessDate) = (context.Db, context.Date);
        var posted = await new PostPendingPayments(db).PostPendingAsync(businessDate, cancellationToken);
        var applied = await new ApplyCreditBalance(db).ApplyAsync(businessDate, cancellationToken);
        return new CloseOfDayStepOutcome(posted + applied, $"{posted} pending payment(s) posted; credit balance applied on {applied} obligation(s)");
    }
}
