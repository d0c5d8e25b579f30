using Cartera.Domain.Common;
using Cartera.Domain.Ledger;

namespace Cartera.Domain.Delinquency;

/// <summary>Which regulatory classification table a product follows (RULES §6).</summary>
public enum ClassificationTableKind
{
    Consumer,
    Commercial,
    Microcredit,
    Housing,
}

/// <summary>How a payment is spread over installments (RULES §5).</summary>
public enum AllocationStrategy
{
    /// <summary>Oldest installment first; inside it, the component order (the Colombian default).</summary>
    InstallmentFirst,

    /// <summary>Each component across all due installments (oldest first) before the next component.</summary>
    ComponentFirst,
}

/// <summary>What happens to money left after every installment due on or before the payment date is paid.</summary>
public enum PrepaymentPolicy
{
    /// <summary>Principal of the last installments first: the schedule ends earlier (default).</summary>
    ReduceTerm,

    /// <summary>Principal of every future installment, pro rata: the installments get smaller.</summary>
    ReduceInstallment,

    /// <summary>Kept as a credit balance of the obligation, applied to installments as they fall due.</summary>
    CreditBalance,
}

/// <summary>
/// The allocation rules of a product. <see cref="ComponentOrder"/> must list the installment components
/// fee, other, arrears interest, interest, insurance and principal, each once.
/// </summary>
public sealed record AllocationPolicy(AllocationStrategy Strategy, IReadOnlyList<LedgerComponent> ComponentOrder, PrepaymentPolicy Prepayment)
{
    /// <summary>Código Civil art. 1653: fees → other charges → arrears interest → regular interest → insurance → principal.</summary>
    public static readonly IReadOnlyList<LedgerComponent> DefaultOrder =
        [LedgerComponent.Fee, LedgerComponent.Other, LedgerComponent.ArrearsInterest, LedgerComponent.Interest, LedgerComponent.Insurance, LedgerComponent.Principal];

    public static readonly AllocationPolicy Default = new(AllocationStrategy.InstallmentFirst, DefaultOrder, PrepaymentPolicy.ReduceTerm);

    public void Validate()
    {
        var expected = DefaultOrder.OrderBy(c => c).ToList();
        if (ComponentOrder is null || !ComponentOrder.OrderBy(c => c).SequenceEqual(expected))
        {
            throw new DomainException(
                "invalid_allocation_order",
                "The allocation order lists fee, other, arrears_interest, interest, insurance and principal, each exactly once.",
                "component_order");
        }
    }
}

/// <summary>An aging bucket: a label and an inclusive DPD range (To = null: open-ended).</summary>
public sealed record AgingBucket(string Label, int From, int? To)
{
    public bool Contains(int dpd) => dpd >= From && (To is null || dpd <= To);
}

/// <summary>
/// Everything the delinquency engine needs to know about a product (lender's product code), as data with defaults.
/// </summary>
public sealed record ProductSettings
{
    /// <summary>10¹² major units: the default largest amount of one payment or refund.</summary>
    public const decimal DefaultMaxAmountMajor = 1_000_000_000_000m;

    /// <summary>10¹⁵ major units: no product may allow more (the sums of a ledger stay far inside 64-bit minor units).</summary>
    public const decimal AbsoluteMaxAmountMajor = 1_000_000_000_000_000m;

    public required string Code { get; init; }

    public ClassificationTableKind Classification { get; init; } = ClassificationTableKind.Consumer;

    /// <summary>The cap table's modality for arrears interest (Colombia: consumo_ordinario, microcredito…).</summary>
    public string CapModality { get; init; } = CapModalities.ConsumerAndOrdinary;

    public AllocationPolicy Allocation { get; init; } = AllocationPolicy.Default;

    public IReadOnlyList<AgingBucket> Buckets { get; init; } = AgingBuckets.Default;

    /// <summary>Unpaid residues up to this many minor units per installment do not make it overdue (default 0).</summary>
    public long ToleranceMinor { get; init; }

    /// <summary>How many days back a payment's value date may be, relative to the business date it is posted on.</summary>
    public int BackdateWindowDays { get; init; } = 30;

    /// <summary>How many days after the business date it is posted on a payment's value date may be (it waits as
    /// pending until then); later → <c>outside_window</c>. Default 60.</summary>
    public int FutureWindowDays { get; init; } = 60;

    /// <summary>The largest amount of one payment or refund, in major units of the obligation's currency, for every
    /// currency without an entry in <see cref="MaxAmountMajorByCurrency"/>. Default 10¹²; at most 10¹⁵.</summary>
    public decimal MaxAmountMajor { get; init; } = DefaultMaxAmountMajor;

    /// <summary>Per-currency overrides of <see cref="MaxAmountMajor"/> (ISO code → major units).</summary>
    public IReadOnlyDictionary<string, decimal> MaxAmountMajorByCurrency { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <summary>
    /// The money a payment may leave held for the debtor beyond everything the obligation still owes (the payoff
    /// amount), in installments (the largest scheduled installment). Default 1: a payment may leave at most the payoff
    /// amount + 1 installment as credit balance; more needs a supervisor's confirmation.
    /// </summary>
    public decimal ExcessCreditBalanceInstallments { get; init; } = 1m;

    /// <summary>DPD from which an obligation is proposed for write-off (castigo); a person confirms it.</summary>
    public int WriteOffDpd { get; init; } = 180;

    /// <summary>Collection fee rate over the amount collected by the action that justifies it, and its cap per fee.</summary>
    public decimal FeeRate { get; init; }

    public long? FeeCapMinor { get; init; }

    /// <summary>Promises to pay (RULES §13): the first installment is due at most this many days after the promise is
    /// made. Default 30.</summary>
    public int PromiseHorizonDays { get; init; } = 30;

    /// <summary>Promises to pay: calendar days after an installment's due date in which a payment still keeps it. Default 2.</summary>
    public int PromiseGraceDays { get; init; } = 2;

    /// <summary>Promises to pay: the fraction of the promised amount that may be missing and still count as kept
    /// (τ; 0.01 = 1 %). Default 0.01.</summary>
    public decimal PromiseTolerance { get; init; } = 0.01m;

    /// <summary>Percentages (fractions) over the exposure per regulatory category A..E.</summary>
    public IReadOnlyDictionary<string, decimal> ProvisionByCategory { get; init; } = ProvisionMatrix.DefaultByCategory;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Code))
        {
            throw new DomainException("required", "A product has a code.", "code");
        }

        Allocation.Validate();
        AgingBuckets.Validate(Buckets);
        if (ToleranceMinor < 0 || BackdateWindowDays < 0 || WriteOffDpd <= 0 || FeeRate < 0m || FeeRate > 1m || FeeCapMinor < 0)
        {
            throw new DomainException("invalid_value", $"Product {Code}: tolerance, backdate window, write-off DPD, fee rate and cap must be in range.", "product");
        }

        if (FutureWindowDays is < 0 or > 3_660 || ExcessCreditBalanceInstallments is < 0m or > 1_000m)
        {
            throw new DomainException("invalid_value", $"Product {Code}: the future value-date window is 0 to 3660 days and the excess credit balance 0 to 1000 installments.", "product");
        }

        if (PromiseHorizonDays is < 0 or > 3_660 || PromiseGraceDays is < 0 or > 366 || PromiseTolerance is < 0m or >= 1m)
        {
            throw new DomainException("invalid_value", $"Product {Code}: the promise horizon is 0 to 3660 days, the promise grace 0 to 366 days and the promise tolerance a fraction from 0 to less than 1.", "product");
        }

        ValidateMaxAmount(MaxAmountMajor, "max_amount_major");
        foreach (var (code, max) in MaxAmountMajorByCurrency ?? new Dictionary<string, decimal>())
        {
            if (!Currency.TryOf(code, out _))
            {
                throw new DomainException("unknown_currency", $"Product {Code}: '{code}' is not a known ISO 4217 currency.", "max_amount_major_by_currency");
            }

            ValidateMaxAmount(max, "max_amount_major_by_currency");
        }

        foreach (var category in ClassificationTable.Categories)
        {
            if (ProvisionByCategory is null || !ProvisionByCategory.ContainsKey(category))
            {
                throw new DomainException("invalid_value", $"Product {Code}: the provision matrix needs a percentage for every category A to E (missing {category}).", "provision");
            }
        }

        foreach (var (category, pct) in ProvisionByCategory)
        {
            if (pct is < 0m or > 1m)
            {
                throw new DomainException("invalid_value", $"Product {Code}: provision for {category} must be a fraction between 0 and 1.", "provision");
            }
        }
    }

    /// <summary>The largest amount of one payment or refund in minor units of <paramref name="currency"/>.</summary>
    public long MaxAmountMinor(Currency currency)
    {
        var major = MaxAmountMajorByCurrency is not null && currency.Code is not null && MaxAmountMajorByCurrency.TryGetValue(currency.Code, out var own) ? own : MaxAmountMajor;
        return decimal.ToInt64(decimal.Truncate(Math.Min(major, AbsoluteMaxAmountMajor) * currency.MinorFactor));
    }

    private void ValidateMaxAmount(decimal major, string field)
    {
        if (major is <= 0m or > AbsoluteMaxAmountMajor)
        {
            throw new DomainException("invalid_value", $"Product {Code}: the largest payment amount is more than 0 and at most 10^15 major units.", field);
        }
    }

    /// <summary>
    /// Defaults by product code for the Colombian products Cartera knows; any other code gets the consumer defaults.
    /// Every value is configurable per product.
    /// </summary>
    public static ProductSettings DefaultFor(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Trim().ToLowerInvariant() switch
        {
            "microcredito" => new ProductSettings { Code = code, Classification = ClassificationTableKind.Microcredit, CapModality = CapModalities.Microcredit, WriteOffDpd = 120 },
            "vivienda" => new ProductSettings { Code = code, Classification = ClassificationTableKind.Housing, CapModality = CapModalities.ConsumerAndOrdinary, WriteOffDpd = 540 },
            "comercial" => new ProductSettings { Code = code, Classification = ClassificationTableKind.Commercial, CapModality = CapModalities.ConsumerAndOrdinary, WriteOffDpd = 360 },
            "factura" => new ProductSettings { Code = code, Classification = ClassificationTableKind.Commercial, CapModality = CapModalities.ConsumerAndOrdinary, WriteOffDpd = 360 },
            _ => new ProductSettings { Code = code },
        };
    }
}
