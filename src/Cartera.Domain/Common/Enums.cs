namespace Cartera.Domain.Common;

// Enumerations shared across features. Stored as snake_case text in the database and in files (see the
// EnumCodes helper), so that values read the same in SQL, CSV and the API. Add members at the end only.

public enum PartyKind
{
    Person,
    Company,
}

/// <summary>
/// Identity document types. Colombia: CC (cédula de ciudadanía), CE (cédula de extranjería), NIT, TI (tarjeta de
/// identidad), PA (passport). Mexico: CURP, RFC. Spain: DNI, NIE, CIF. United States: SSN, EIN. OTHER for the rest.
/// </summary>
public enum IdType
{
    CC,
    CE,
    NIT,
    TI,
    PA,
    CURP,
    RFC,
    DNI,
    NIE,
    CIF,
    SSN,
    EIN,
    OTHER,
}

public enum ContactChannel
{
    Mobile,
    Landline,
    Email,
    WhatsApp,
    PostalAddress,
}

/// <summary>The ways Cartera can contact a debtor; consent and opt-outs are recorded per one of these.</summary>
public enum ConsentChannel
{
    Sms,
    Email,
    WhatsApp,
    Calls,
    Letters,
    Visits,
}

public enum ConsentPurpose
{
    Collection,
    Reminders,
    Marketing,
}

public enum ObligationKind
{
    Loan,
    Invoice,
    Card,
}

public enum ObligationRole
{
    Holder,
    CoDebtor,
    Guarantor,
}

public enum PaymentFrequency
{
    Monthly,
    Biweekly,
    Weekly,
}

public enum Amortization
{
    /// <summary>Constant installment (sistema francés).</summary>
    French,

    /// <summary>Constant principal, decreasing installment (sistema alemán).</summary>
    ConstantPrincipal,

    /// <summary>Periodic interest, all principal in the last installment.</summary>
    Bullet,

    /// <summary>One installment of the principal, no interest: an invoice on credit.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "'single' is the amortization's name in the interchange format (DESIGN §6).")]
    Single,
}

public enum ObligationStatus
{
    Active,
    PaidOff,
    WrittenOff,
    Cancelled,
}

public enum ScheduleSource
{
    Generated,
    Imported,
}

/// <summary>What a ledger entry records. Defined in full now; later features post the kinds they own.</summary>
public enum LedgerEntryKind
{
    Disbursement,
    Interest,
    ArrearsInterest,
    Fee,
    Insurance,
    Payment,
    Reversal,
    WriteOff,
    Adjustment,
    Refund,
}

/// <summary>The balance component a ledger line moves.</summary>
public enum LedgerComponent
{
    Principal,
    Interest,
    ArrearsInterest,
    Insurance,
    Fee,
    Other,
    CreditBalance,
}

public enum CollateralType
{
    Mortgage,
    VehiclePledge,
    GuaranteeFund,
    Deposit,
    PersonalGuarantee,
    Other,
}

public enum InsuranceType
{
    Life,
    AllRisk,
    Unemployment,
    Other,
}

public enum RenewalStatus
{
    Current,
    PendingRenewal,
    Renewed,
    Lapsed,
    Cancelled,
}
