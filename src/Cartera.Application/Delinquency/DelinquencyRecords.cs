using Cartera.Domain.Delinquency;

namespace Cartera.Application.Delinquency;

/// <summary>Whether a business date is open (being closed) or closed.</summary>
public enum BusinessDayStatus
{
    Open,
    Closed,
}

/// <summary>
/// A business date of the close-of-day (cierre diario). Dates are closed in order, one at a time; the open date is the
/// one whose close is running or was interrupted. Payments booked while a date is the current one carry it as their
/// business date.
/// </summary>
public sealed class BusinessDay
{
    public DateOnly Date { get; set; }

    public BusinessDayStatus Status { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Who or what ran the close (a user, the scheduled job, the CLI).</summary>
    public string RunBy { get; set; } = string.Empty;
}

/// <summary>A stored row of the legal-cap table (<see cref="UsuryCap"/>), editable by an administrator.</summary>
public sealed class UsuryCapRow
{
    public long Id { get; set; }

    public string Jurisdiction { get; set; } = string.Empty;

    public string Modality { get; set; } = string.Empty;

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }

    /// <summary>The cap (tasa de usura) as an effective annual fraction.</summary>
    public decimal UsuryEa { get; set; }

    /// <summary>Colombia: the certified interés bancario corriente the cap derives from (usury = 1.5 × IBC), when known.</summary>
    public decimal? BankingCurrentEa { get; set; }

    public string Source { get; set; } = string.Empty;

    /// <summary>Whether a person checked the row against its source. Shipped rows start unverified.</summary>
    public bool Verified { get; set; }

    public uint Version { get; set; }

    public UsuryCap ToDomain() => new(Jurisdiction, Modality, ValidFrom, ValidTo, UsuryEa, Source, Verified);
}

/// <summary>
/// A product's delinquency settings as stored data (<see cref="ProductSettings"/> serialized as JSON). A product without a
/// row uses <see cref="ProductSettings.DefaultFor"/>.
/// </summary>
public sealed class ProductConfiguration
{
    public string Code { get; set; } = string.Empty;

    public string SettingsJson { get; set; } = "{}";

    public DateTimeOffset UpdatedAt { get; set; }

    public uint Version { get; set; }
}

/// <summary>
/// The delinquency snapshot (estado de mora) of one obligation on one closed business date: derived data, recomputed
/// from the ledger whenever a back-dated movement touches the date. Amounts in minor units of <see cref="CurrencyCode"/>.
/// </summary>
public sealed class DelinquencySnapshot
{
    public long ObligationId { get; set; }

    public DateOnly BusinessDate { get; set; }

    public long DebtorId { get; set; }

    public string Product { get; set; } = string.Empty;

    public string CurrencyCode { get; set; } = string.Empty;

    public int Dpd { get; set; }

    public string Bucket { get; set; } = string.Empty;

    public DateOnly? OldestUnpaidDueDate { get; set; }

    public long OverduePrincipalMinor { get; set; }

    public long OverdueInterestMinor { get; set; }

    public long OverdueInsuranceMinor { get; set; }

    public long OverdueOtherMinor { get; set; }

    public long ArrearsInterestMinor { get; set; }

    /// <summary>Arrears interest accrued on this date alone (the day's accrual).</summary>
    public long ArrearsAccruedTodayMinor { get; set; }

    public long FeesMinor { get; set; }

    public long TotalDueMinor { get; set; }

    public long OutstandingPrincipalMinor { get; set; }

    public long CreditBalanceMinor { get; set; }

    /// <summary>The obligation's own category by its DPD, before arrastre.</summary>
    public string OwnCategory { get; set; } = string.Empty;

    /// <summary>The regulatory category after arrastre.</summary>
    public string Classification { get; set; } = string.Empty;

    public long ProvisionMinor { get; set; }

    public int Ifrs9Stage { get; set; }

    /// <summary>DPD reached the product's write-off threshold: proposed for a person to confirm, never automatic.</summary>
    public bool WriteOffProposed { get; set; }

    /// <summary>
    /// Some day's arrears rate rested on an assumed cap: no row of the cap table covered it, so the last published cap
    /// was carried forward (docs/user/rates.md). The figure may change once the missing certification is imported.
    /// </summary>
    public bool CapAssumed { get; set; }
}

/// <summary>
/// A request to recompute the snapshots of closed dates from <see cref="FromDate"/> on, because something they derive
/// from changed outside the ledger (a cap row imported, added, edited or deleted). Close-of-day's
/// <c>recompute_caps</c> step carries them out and records the date of the close that did (<see cref="DoneOn"/>).
/// </summary>
public sealed class SnapshotRecomputeRequest
{
    public long Id { get; set; }

    public DateOnly FromDate { get; set; }

    /// <summary>Why (a short text for the log and the status, never personal data).</summary>
    public string Reason { get; set; } = string.Empty;

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The business date whose close carried the request out; null while pending.</summary>
    public DateOnly? DoneOn { get; set; }
}
