using Cartera.Domain.Common;

namespace Cartera.Domain.Ledger;

/// <summary>
/// One line of the append-only ledger (movimiento). Amounts are signed from the debtor's side: a positive amount
/// increases what the debtor owes (disbursement, interest, arrears interest, fees, insurance, refunds), a negative one
/// decreases it (payments, write-offs); an adjustment may go either way (<see cref="RequiredSign"/>). An entry is never updated or deleted (the database refuses it with a trigger); a correction is a new
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

    public Money Amount => Money.FromMinorUnits(AmountMinor, Currency.Of(CurrencyCode));

    public static LedgerEntry Create(
        long obligationId,
        LedgerEntryKind kind,
        LedgerComponent component,
        Money amount,
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

        if (!Enum.IsDefined(kind) || !Enum.IsDefined(component))
        {
            throw new DomainException("invalid_value", "Unknown ledger entry kind or component.", "kind");
        }

        var sign = RequiredSign(kind);
        if (sign > 0 && amount.IsNegative)
        {
            throw new DomainException("invalid_amount", $"A {EnumCodes.ToCode(kind)} entry increases what is owed (positive amount).", "amount");
        }

        if (sign < 0 && amount.IsPositive)
        {
            throw new DomainException("invalid_amount", $"A {EnumCodes.ToCode(kind)} entry decreases what is owed (negative amount).", "amount");
        }

        if (string.IsNullOrWhiteSpace(createdBy))
        {
            throw new DomainException("required", "A ledger entry records who created it.", "created_by");
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

    /// <summary>
    /// The sign a kind's amount must have: +1 for what increases the debt (disbursement, interest, arrears interest,
    /// fee, insurance, refund of a credit balance), −1 for what decreases it (payment, write-off), 0 when either is
    /// possible (adjustment; a reversal has the opposite sign of the entry it reverses).
    /// </summary>
    public static int RequiredSign(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.Disbursement or LedgerEntryKind.Interest or LedgerEntryKind.ArrearsInterest
            or LedgerEntryKind.Fee or LedgerEntryKind.Insurance or LedgerEntryKind.Refund => 1,
        LedgerEntryKind.Payment or LedgerEntryKind.WriteOff => -1,
        _ => 0,
    };

    /// <summary>
    /// The entry that negates this one, line for line, booked on <paramref name="businessDate"/> with the original
    /// value date (so derived figures are recomputed from when the original took effect). Only a stored entry (with an
    /// id) can be reversed, and a reversal is never reversed. That an entry is reversed at most once is checked where
    /// the ledger is stored, not here.
    /// </summary>
    public LedgerEntry Reverse(DateOnly businessDate, string reason, string createdBy, DateTimeOffset createdAt)
    {
        if (Kind == LedgerEntryKind.Reversal)
        {
            throw new DomainException("invalid_value", "A reversal is not reversed; post the original again.", "kind");
        }

        if (Id == 0)
        {
            throw new DomainException("invalid_value", "Only a stored ledger entry (with an id) can be reversed.", "reverses_entry_id");
        }

        if (string.IsNullOrWhiteSpace(createdBy))
        {
            throw new DomainException("required", "A ledger entry records who created it.", "created_by");
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
