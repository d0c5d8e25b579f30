using Cartera.Domain.Common;

namespace Cartera.Domain.Ledger;

/// <summary>
/// One line of the append-only ledger (movimiento). Amounts are signed from the debtor's side: a positive amount
/// increases what the debtor owes (disbursement, interest, fees), a negative one decreases it (payments, write-off
/// adjustments). An entry is never updated or deleted (the database refuses it with a trigger); a correction is a new
/// entry of kind <see cref="LedgerEntryKind.Reversal"/> that points at the entry it negates.
/// </summary>
public sealed class LedgerEntry
{
    private LedgerEntry()
    {
        CurrencyCode = string.Empty;
        CreatedBy = string.Empty;
    }

    public long Id { get; private set; }

    public long ObligationId { get; private set; }

    /// <summary>The business date on which the entry was booked.</summary>
    public DateOnly BusinessDate { get; private set; }

    /// <summary>The date from which the entry takes economic effect (a back-dated payment has an earlier value date).</summary>
    public DateOnly ValueDate { get; private set; }

    public LedgerEntryKind Kind { get; private set; }

    public LedgerComponent Component { get; private set; }

    public long AmountMinor { get; private set; }

    public string CurrencyCode { get; private set; }

    public int? InstallmentNumber { get; private set; }

    /// <summary>Client-supplied key for the command that produced the entry (a payment id, an import row).</summary>
    public string? IdempotencyKey { get; private set; }

    /// <summary>The entry this one reverses, for <see cref="LedgerEntryKind.Reversal"/>.</summary>
    public long? ReversesEntryId { get; private set; }

    public string? Description { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Money.Money Amount => Money.Money.FromMinorUnits(AmountMinor, Money.Currency.Of(CurrencyCode));

    public static LedgerEntry Create(
        long obligationId,
        LedgerEntryKind kind,
        LedgerComponent component,
        Money.Money amount,
        DateOnly businessDate,
        DateOnly valueDate,
        string createdBy,
        DateTimeOffset createdAt,
        int? installmentNumber = null,
        string? idempotencyKey = null,
        string? description = null)
    {
        if (amount.IsZero)
        {
            throw new DomainException("invalid_amount", "A ledger entry moves a non-zero amount.", "amount");
        }

        if (kind == LedgerEntryKind.Reversal)
        {
            throw new DomainException("invalid_value", "Create a reversal with Reverse().", "kind");
        }

        if (kind == LedgerEntryKind.Disbursement && amount.IsNegative)
        {
            throw new DomainException("invalid_amount", "A disbursement increases what is owed.", "amount");
        }

        if (kind == LedgerEntryKind.Payment && amount.IsPositive)
        {
            throw new DomainException("invalid_amount", "A payment decreases what is owed (negative amount).", "amount");
        }

        return new LedgerEntry
        {
            ObligationId = obligationId,
            Kind = kind,
            Component = component,
            AmountMinor = amount.MinorUnits,
            CurrencyCode = amount.Currency.Code,
            BusinessDate = businessDate,
            ValueDate = valueDate,
            InstallmentNumber = installmentNumber,
            IdempotencyKey = idempotencyKey,
            Description = description,
            CreatedBy = createdBy,
            CreatedAt = createdAt,
        };
    }

    /// <summary>The entry that negates this one, line for line, booked on <paramref name="businessDate"/>.</summary>
    public LedgerEntry Reverse(DateOnly businessDate, string reason, string createdBy, DateTimeOffset createdAt)
    {
        if (Kind == LedgerEntryKind.Reversal)
        {
            throw new DomainException("invalid_value", "A reversal is not reversed; post the original again.", "kind");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("required", "A reversal needs a reason.", "reason");
        }

        return new LedgerEntry
        {
            ObligationId = ObligationId,
            Kind = LedgerEntryKind.Reversal,
            Component = Component,
            AmountMinor = -AmountMinor,
            CurrencyCode = CurrencyCode,
            BusinessDate = businessDate,
            ValueDate = ValueDate,
            InstallmentNumber = InstallmentNumber,
            ReversesEntryId = Id,
            Description = reason,
            CreatedBy = createdBy,
            CreatedAt = createdAt,
        };
    }
}
