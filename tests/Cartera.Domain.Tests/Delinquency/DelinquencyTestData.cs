using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;

namespace Cartera.Tests.Domain.Delinquency;

/// <summary>Small builders for the delinquency engine's inputs (amounts in minor units).</summary>
internal static class DelinquencyTestData
{
    public const string Modality = CapModalities.ConsumerAndOrdinary;

    public static DateOnly Day(int year, int month, int day) => new(year, month, day);

    public static ScheduledInstallment Installment(int number, DateOnly due, long principal, long interest = 0, long insurance = 0, long other = 0) =>
        new(number, due, principal, interest, insurance, other);

    /// <summary>A settlement (payment or waiver) of a component of an installment.</summary>
    public static Movement Paid(long sequence, DateOnly valueDate, int installment, LedgerComponent component, long amount) =>
        new(sequence, valueDate, MovementType.Settlement, component, installment, amount);

    public static ObligationFacts Facts(decimal? contractEa, IReadOnlyList<ScheduledInstallment> installments, IReadOnlyList<Movement>? movements = null, long obligationId = 1, long debtorId = 1) =>
        new(obligationId, debtorId, "COP", ObligationKind.Loan, contractEa, installments, movements ?? []);

    public static UsuryCap Cap(DateOnly from, DateOnly to, decimal usuryEa, string modality = Modality) =>
        new("CO", modality, from, to, usuryEa, "test", Verified: false);

    public static ArrearsRateSource Rates(params UsuryCap[] caps) => new(new CapTable(caps));
}
