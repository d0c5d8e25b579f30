using System.Globalization;
using Cartera.Domain.Common;

namespace Cartera.Domain.CreditEvaluation;

/// <summary>What the evaluation recommends; a person records the final decision (<see cref="ApprovalAuthority"/>).</summary>
public enum CreditRecommendation
{
    Approve,
    Refer,
    Decline,
}

/// <summary>Where a credit application stands: evaluated (no decision yet), approved or declined by a person.</summary>
public enum CreditApplicationStatus
{
    Evaluated,
    Approved,
    Declined,
}

/// <summary>Why a person declined an application (a code is required to decline).</summary>
public enum CreditDeclineReason
{
    Affordability,
    CreditHistory,
    Bureau,
    ModelRisk,
    Documentation,
    Policy,
    Withdrawn,
    Other,
}

/// <summary>German attribute A3 in plain terms (codes A30..A34 in this order).</summary>
public enum CreditHistoryKind
{
    NoCredits,
    AllPaidHere,
    PaidDuly,
    PastDelays,
    Critical,
}

/// <summary>German attribute A4 in plain terms (codes A40..A49, A410 in this order).</summary>
public enum CreditPurpose
{
    NewCar,
    UsedCar,
    Furniture,
    RadioTv,
    Appliances,
    Repairs,
    Education,
    Vacation,
    Retraining,
    Business,
    Other,
}

/// <summary>German attribute A7 in plain terms (codes A71..A75 in this order).</summary>
public enum EmploymentSince
{
    Unemployed,
    LessThanOneYear,
    OneToFourYears,
    FourToSevenYears,
    SevenYearsOrMore,
}

/// <summary>German attribute A10 in plain terms (codes A101..A103 in this order).</summary>
public enum OtherDebtors
{
    None,
    CoApplicant,
    Guarantor,
}

/// <summary>German attribute A12 in plain terms (codes A121..A124 in this order): the most valuable property.</summary>
public enum PropertyKind
{
    RealEstate,
    SavingsOrInsurance,
    CarOrOther,
    None,
}

/// <summary>German attribute A14 in plain terms (codes A141..A143 in this order).</summary>
public enum OtherInstallmentPlans
{
    Bank,
    Stores,
    None,
}

/// <summary>German attribute A15 in plain terms (codes A151..A153 in this order).</summary>
public enum HousingKind
{
    Rent,
    Own,
    ForFree,
}

/// <summary>German attribute A17 in plain terms (codes A171..A174 in this order).</summary>
public enum JobKind
{
    UnemployedNonResident,
    Unskilled,
    Skilled,
    Management,
}

/// <summary>
/// The applicant's form attributes: the German-credit attributes asked in plain terms. Sex, marital status and foreign
/// worker are never asked (docs/scoring.md, "Attributes left out"). <see cref="CheckingBalance"/> null means no checking
/// account; <see cref="Savings"/> null means no savings or unknown. The amounts are in the application's currency; the
/// model's amount scale turns them into its bands.
/// </summary>
public sealed record ApplicantProfile
{
    public decimal? CheckingBalance { get; init; }

    public CreditHistoryKind CreditHistory { get; init; } = CreditHistoryKind.PaidDuly;

    public CreditPurpose Purpose { get; init; } = CreditPurpose.Other;

    public decimal? Savings { get; init; }

    public EmploymentSince EmploymentSince { get; init; } = EmploymentSince.OneToFourYears;

    public OtherDebtors OtherDebtors { get; init; } = OtherDebtors.None;

    /// <summary>Years at the present residence.</summary>
    public int YearsAtResidence { get; init; }

    public PropertyKind Property { get; init; } = PropertyKind.None;

    public OtherInstallmentPlans OtherInstallmentPlans { get; init; } = OtherInstallmentPlans.None;

    public HousingKind Housing { get; init; } = HousingKind.Rent;

    /// <summary>Credits the applicant already has at this lender.</summary>
    public int ExistingCreditsHere { get; init; }

    public JobKind Job { get; init; } = JobKind.Skilled;

    /// <summary>People the applicant is liable to provide maintenance for.</summary>
    public int Dependents { get; init; }

    /// <summary>A telephone registered in the applicant's name.</summary>
    public bool Telephone { get; init; }
}

/// <summary>The credit bureau's figures used by the evaluation (entered by a person or from an imported report).</summary>
public sealed record BureauData
{
    /// <summary>0–999, or null when the bureau gives none.</summary>
    public int? Score { get; init; }

    public int OpenAccounts { get; init; }

    /// <summary>Accounts currently past due.</summary>
    public int DelinquentAccounts { get; init; }

    /// <summary>The worst days past due of the last 24 months.</summary>
    public int WorstDelinquencyDays24m { get; init; }

    public int Inquiries6m { get; init; }

    public DateOnly ReportDate { get; init; }

    /// <summary>Every invalid figure (fields named with <paramref name="prefix"/>: <c>bureau.score</c>); the report cannot be after <paramref name="asOf"/>.</summary>
    public IReadOnlyList<FieldProblem> Problems(DateOnly asOf, string prefix = "")
    {
        var problems = new List<FieldProblem>();
        if (Score is < 0 or > 999)
        {
            problems.Add(new(prefix + "score", "invalid_value", "The bureau score is 0 to 999 (or empty when the bureau gives none)."));
        }

        foreach (var (field, value) in new[] { ("open_accounts", OpenAccounts), ("delinquent_accounts", DelinquentAccounts), ("worst_delinquency_days_24m", WorstDelinquencyDays24m), ("inquiries_6m", Inquiries6m) })
        {
            if (value < 0)
            {
                problems.Add(new(prefix + field, "invalid_value", "The value cannot be negative."));
            }
        }

        if (DelinquentAccounts > OpenAccounts && OpenAccounts >= 0 && DelinquentAccounts >= 0)
        {
            problems.Add(new(prefix + "delinquent_accounts", "invalid_value", "Delinquent accounts cannot exceed open accounts."));
        }

        if (ReportDate > asOf || ReportDate == default)
        {
            problems.Add(new(prefix + "report_date", "invalid_date", "The report date is required and cannot be in the future."));
        }

        return problems;
    }
}

/// <summary>One invalid field of an application: the field (snake_case, as in the API), a code and a message.</summary>
public sealed record FieldProblem(string Field, string Code, string Message)
{
    public DomainException ToException() => new(Code, Message, Field);
}

/// <summary>
/// A credit application's inputs: the monthly figures (income, expenses, existing debt payments and balance), the
/// product (amount, term in months, effective annual rate as a fraction), the applicant's birth date, form attributes
/// and optional bureau data. Every amount is in <see cref="Currency"/>.
/// </summary>
public sealed record CreditApplicationInput
{
    public required Currency Currency { get; init; }

    public required Money MonthlyIncome { get; init; }

    public required Money MonthlyExpenses { get; init; }

    public required Money ExistingMonthlyPayments { get; init; }

    public required Money ExistingDebtBalance { get; init; }

    public required Money RequestedAmount { get; init; }

    public required int TermMonths { get; init; }

    /// <summary>Effective annual rate (EA) as a fraction: 0.2436 = 24.36 %.</summary>
    public required decimal AnnualRate { get; init; }

    /// <summary>The date of the evaluation: age and the bureau report's age are counted at it.</summary>
    public required DateOnly ApplicationDate { get; init; }

    public required DateOnly BirthDate { get; init; }

    public ApplicantProfile Profile { get; init; } = new();

    public BureauData? Bureau { get; init; }

    public const int MaxTermMonths = 360;

    /// <summary>Every invalid field (empty when the input is valid), in form order.</summary>
    public IReadOnlyList<FieldProblem> Problems()
    {
        var problems = new List<FieldProblem>();
        void Add(string field, string code, string message) => problems.Add(new FieldProblem(field, code, message));

        foreach (var (field, amount) in new[]
        {
            ("monthly_income", MonthlyIncome), ("monthly_expenses", MonthlyExpenses), ("existing_payments", ExistingMonthlyPayments),
            ("existing_debt", ExistingDebtBalance), ("requested_amount", RequestedAmount),
        })
        {
            if (amount.Currency != Currency)
            {
                Add(field, "currency_mismatch", $"The amount is in {amount.Currency}; the application is in {Currency}.");
            }
            else if (amount.IsNegative)
            {
                Add(field, "invalid_amount", "The amount cannot be negative.");
            }
        }

        if (MonthlyIncome.Currency == Currency && !MonthlyIncome.IsPositive)
        {
            Add("monthly_income", "invalid_amount", "The monthly income must be greater than zero.");
        }

        if (RequestedAmount.Currency == Currency && !RequestedAmount.IsPositive)
        {
            Add("requested_amount", "invalid_amount", "The requested amount must be greater than zero.");
        }

        if (TermMonths is < 1 or > MaxTermMonths)
        {
            Add("term_months", "invalid_term", string.Create(CultureInfo.InvariantCulture, $"The term is 1 to {MaxTermMonths} months."));
        }

        if (AnnualRate is < 0m or >= 10m || decimal.Round(AnnualRate, 12) != AnnualRate)
        {
            Add("annual_rate", "invalid_rate", "The effective annual rate is a fraction from 0 to 10 (0.2436 = 24.36 %), at most 12 decimals.");
        }

        if (BirthDate >= ApplicationDate || CreditFigures.AgeAt(BirthDate, ApplicationDate) > 120)
        {
            Add("birth_date", "invalid_birth_date", "The birth date must be before the application date and the age at most 120 years.");
        }

        var p = Profile;
        if (p.Savings is < 0m)
        {
            Add("savings", "invalid_amount", "Savings cannot be negative.");
        }

        if (p.YearsAtResidence is < 0 or > 100)
        {
            Add("years_at_residence", "invalid_value", "Years at the residence are 0 to 100.");
        }

        if (p.ExistingCreditsHere is < 0 or > 50)
        {
            Add("existing_credits_here", "invalid_value", "Existing credits at this lender are 0 to 50.");
        }

        if (p.Dependents is < 0 or > 30)
        {
            Add("dependents", "invalid_value", "Dependents are 0 to 30.");
        }

        if (Bureau is { } b)
        {
            problems.AddRange(b.Problems(ApplicationDate, "bureau."));
        }

        return problems;
    }

    /// <summary>Throws the first problem as a <see cref="DomainException"/> (code, message, field).</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw problems[0].ToException();
        }
    }
}
