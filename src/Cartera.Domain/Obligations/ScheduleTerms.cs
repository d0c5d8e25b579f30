namespace Cartera.Domain.Obligations;

/// <summary>The financial terms that determine a generated schedule.</summary>
public sealed record ScheduleTerms(
    Money.Money Principal,
    decimal AnnualRateEa,
    int Term,
    PaymentFrequency Frequency,
    Amortization Amortization,
    DateOnly FirstDueDate);

/// <summary>One installment as planned: amounts due per component, all in the obligation's currency.</summary>
public sealed record PlannedInstallment(
    int Number,
    DateOnly DueDate,
    Money.Money Principal,
    Money.Money Interest,
    Money.Money Insurance,
    Money.Money Other)
{
    public Money.Money Total => Principal + Interest + Insurance + Other;
}
