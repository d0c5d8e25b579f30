namespace Cartera.Application.CloseOfDay.Steps;

/// <summary>
/// DESIGN §5 step 2, <c>post_payments</c>, when no payment posting is registered (a runner built without
/// <see cref="Payments.PostPaymentsStep"/>): nothing waits to be posted, and the progress table says so.
/// </summary>
internal sealed class NothingToPostStep : ICloseOfDayStep
{
    public int Number => 2;

    public string Name => CloseOfDaySteps.PostPayments;

    public Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CloseOfDayStepOutcome(0, "No payment posting is wired in: no value-dated payments to post."));
}
