using Cartera.Domain.Common;

namespace Cartera.Domain.Portfolio;

/// <summary>The financial terms that determine a generated schedule.</summary>
public sealed record ScheduleTerms(
    Money Principal,
    decimal AnnualRateEa,
    int Term,
    PaymentFrequency Frequency,
    Amortization Amortization,
    DateOnly FirstDueDate);

/// <summary>One installment as planned: amounts due per component, all in the obligation's currency.</summary>
public sealed record PlannedInstallment(
    int Number,
    DateOnly DueDate,
    Money Principal,
    Money Interest,
    Money Insurance,
    Money Other)
{
    public Money Total => Principal + Interest + Insurance + Other;
}
