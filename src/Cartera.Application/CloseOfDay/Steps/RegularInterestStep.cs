namespace Cartera.Application.CloseOfDay.Steps;

/// <summary>
/// DESIGN §5 step 3, <c>regular_interest</c>: accrue regular interest where the product accrues daily. Every product so
/// far carries its interest in the schedule's installments, so the step records that there is nothing to accrue
/// (status <c>skipped</c>). A product that accrues daily will do its work here.
/// </summary>
internal sealed class RegularInterestStep : ICloseOfDayStep
{
    public const string NothingToAccrue = "No product accrues regular interest daily: interest is part of each scheduled installment, so there is nothing to accrue.";

    public int Number => 3;

    public string Name => CloseOfDaySteps.RegularInterest;

    public Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CloseOfDayStepOutcome(0, NothingToAccrue) { Status = CloseOfDayStepStatus.Skipped });
}
