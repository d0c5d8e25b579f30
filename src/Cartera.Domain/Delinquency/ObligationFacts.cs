using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Delinquency;

/// <summary>An installment as scheduled: amounts due per component, in minor units.</summary>
public sealed record ScheduledInstallment(int Number, DateOnly DueDate, long Principal, long Interest, long Insurance, long Other);

/// <summary>Whether a movement changes what is due (a fee charged) or settles it (a payment, a waiver).</summary>
public enum MovementType
{
    /// <summary>Increases what is due on a component (only fees are charged through the ledger; the schedule carries the rest).</summary>
    Charge,

    /// <summary>Settles a component: positive for a payment or waiver, negative when a reversal undoes one.</summary>
    Settlement,
}

/// <summary>
/// A ledger line as the delinquency engine reads it. <see cref="AmountMinor"/> is positive for a charge or a settlement
/// and negative for the reversal of one. A line without installment on <see cref="LedgerComponent.CreditBalance"/> moves
/// the obligation's credit balance (positive: money held for the debtor; negative: refunded or applied).
/// <see cref="Sequence"/> (the ledger id) orders lines of the same value date.
/// </summary>
public readonly record struct Movement(long Sequence, DateOnly ValueDate, MovementType Type, LedgerComponent Component, int? InstallmentNumber, long AmountMinor);

/// <summary>
/// What the engine needs of one obligation to compute its position on any date: its schedule, its ledger lines (as
/// movements), its contract arrears rate (null = the legal maximum each day) and the cap modality of its product.
/// </summary>
public sealed record ObligationFacts(
    long ObligationId,
    long DebtorId,
    string CurrencyCode,
    ObligationKind Kind,
    decimal? ContractArrearsEa,
    IReadOnlyList<ScheduledInstallment> Installments,
    IReadOnlyList<Movement> Movements);
