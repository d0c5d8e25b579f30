using System.Globalization;
using Cartera.Application.CreditEvaluation;
using Cartera.Domain.Common;
using Cartera.Domain.CreditEvaluation;

namespace Cartera.Web.CreditEvaluation;

/// <summary>
/// The "Nueva solicitud" page's form: every field as typed (text), so a value that is not a number or a code becomes a
/// per-field problem instead of a binding failure. <see cref="ToRequest"/> gives the application request and every
/// problem found while reading it; the use case's own checks (<see cref="CreditApplications.Check"/>) add the rest.
/// Field names are the API's snake_case names, so one error list serves both.
/// </summary>
public sealed class CreditApplicationForm
{
    public string? DocumentType { get; set; } = "CC";

    public string? DocumentNumber { get; set; }

    public string? FullName { get; set; }

    /// <summary>The applicant's country; a new form starts with the lender's (<see cref="Application.Delinquency.LenderJurisdiction"/>).</summary>
    public string? Country { get; set; }

    public string? BirthDate { get; set; }

    public string? Currency { get; set; } = "COP";

    public string? MonthlyIncome { get; set; }

    public string? MonthlyExpenses { get; set; }

    public string? ExistingPayments { get; set; } = "0";

    public string? ExistingDebt { get; set; } = "0";

    public string? RequestedAmount { get; set; }

    public string? TermMonths { get; set; } = "12";

    /// <summary>Percent as typed on the page (24.36 = 24.36 % EA).</summary>
    public string? AnnualRatePercent { get; set; }

    public string? CheckingBalance { get; set; }

    public string? CreditHistory { get; set; } = "paid_duly";

    public string? Purpose { get; set; } = "other";

    public string? Savings { get; set; }

    public string? EmploymentSince { get; set; } = "one_to_four_years";

    public string? OtherDebtors { get; set; } = "none";

    public string? YearsAtResidence { get; set; } = "1";

    public string? Property { get; set; } = "none";

    public string? OtherInstallmentPlans { get; set; } = "none";

    public string? Housing { get; set; } = "rent";

    public string? ExistingCreditsHere { get; set; } = "0";

    public string? Job { get; set; } = "skilled";

    public string? Dependents { get; set; } = "0";

    public bool Telephone { get; set; }

    /// <summary>Bureau data typed by the person; when the report date is empty the latest imported report is used.</summary>
    public string? BureauReportDate { get; set; }

    public string? BureauScore { get; set; }

    public string? BureauOpenAccounts { get; set; } = "0";

    public string? BureauDelinquentAccounts { get; set; } = "0";

    public string? BureauWorstDelinquencyDays { get; set; } = "0";

    public string? BureauInquiries { get; set; } = "0";

    /// <summary>The categorical attributes: form field, API field and the codes of each (in the German attribute's order).</summary>
    public static IReadOnlyList<(string Property, string Field, IReadOnlyList<string> Codes)> Choices { get; } =
    [
        (nameof(CreditHistory), "credit_history", EnumCodes.Codes<CreditHistoryKind>()),
        (nameof(Purpose), "purpose", EnumCodes.Codes<CreditPurpose>()),
        (nameof(EmploymentSince), "employment_since", EnumCodes.Codes<EmploymentSince>()),
        (nameof(OtherDebtors), "other_debtors", EnumCodes.Codes<OtherDebtors>()),
        (nameof(Property), "property", EnumCodes.Codes<PropertyKind>()),
        (nameof(OtherInstallmentPlans), "other_installment_plans", EnumCodes.Codes<OtherInstallmentPlans>()),
        (nameof(Housing), "housing", EnumCodes.Codes<HousingKind>()),
        (nameof(Job), "job", EnumCodes.Codes<JobKind>()),
    ];

    public string? ChoiceValue(string property) => property switch
    {
        nameof(CreditHistory) => CreditHistory,
        nameof(Purpose) => Purpose,
        nameof(EmploymentSince) => EmploymentSince,
        nameof(OtherDebtors) => OtherDebtors,
        nameof(Property) => Property,
        nameof(OtherInstallmentPlans) => OtherInstallmentPlans,
        nameof(Housing) => Housing,
        nameof(Job) => Job,
        _ => null,
    };

    public CreditApplicationRequest ToRequest(List<FieldProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var profile = new ApplicantProfile
        {
            CheckingBalance = OptionalDecimal(CheckingBalance, "checking_balance", problems),
            CreditHistory = Code<CreditHistoryKind>(CreditHistory, "credit_history", problems),
            Purpose = Code<CreditPurpose>(Purpose, "purpose", problems),
            Savings = OptionalDecimal(Savings, "savings", problems),
            EmploymentSince = Code<EmploymentSince>(EmploymentSince, "employment_since", problems),
            OtherDebtors = Code<OtherDebtors>(OtherDebtors, "other_debtors", problems),
            YearsAtResidence = Int(YearsAtResidence, "years_at_residence", problems),
            Property = Code<PropertyKind>(Property, "property", problems),
            OtherInstallmentPlans = Code<OtherInstallmentPlans>(OtherInstallmentPlans, "other_installment_plans", problems),
            Housing = Code<HousingKind>(Housing, "housing", problems),
            ExistingCreditsHere = Int(ExistingCreditsHere, "existing_credits_here", problems),
            Job = Code<JobKind>(Job, "job", problems),
            Dependents = Int(Dependents, "dependents", problems),
            Telephone = Telephone,
        };

        BureauData? bureau = null;
        if (!string.IsNullOrWhiteSpace(BureauReportDate))
        {
            bureau = new BureauData
            {
                ReportDate = Date(BureauReportDate, "bureau.report_date", problems) ?? default,
                Score = string.IsNullOrWhiteSpace(BureauScore) ? null : Int(BureauScore, "bureau.score", problems),
                OpenAccounts = Int(BureauOpenAccounts, "bureau.open_accounts", problems),
                DelinquentAccounts = Int(BureauDelinquentAccounts, "bureau.delinquent_accounts", problems),
                WorstDelinquencyDays24m = Int(BureauWorstDelinquencyDays, "bureau.worst_delinquency_days_24m", problems),
                Inquiries6m = Int(BureauInquiries, "bureau.inquiries_6m", problems),
            };
        }

        var ratePercent = OptionalDecimal(AnnualRatePercent, "annual_rate", problems);
        if (ratePercent is null && !problems.Any(p => p.Field == "annual_rate"))
        {
            problems.Add(new("annual_rate", "required", "The effective annual rate is required."));
        }

        return new CreditApplicationRequest
        {
            DocumentType = DocumentType,
            DocumentNumber = DocumentNumber,
            FullName = FullName,
            Country = Country,
            Currency = Currency,
            BirthDate = Date(BirthDate, "birth_date", problems),
            MonthlyIncome = OptionalDecimal(MonthlyIncome, "monthly_income", problems) ?? 0m,
            MonthlyExpenses = OptionalDecimal(MonthlyExpenses, "monthly_expenses", problems) ?? 0m,
            ExistingPayments = OptionalDecimal(ExistingPayments, "existing_payments", problems) ?? 0m,
            ExistingDebt = OptionalDecimal(ExistingDebt, "existing_debt", problems) ?? 0m,
            RequestedAmount = OptionalDecimal(RequestedAmount, "requested_amount", problems) ?? 0m,
            TermMonths = Int(TermMonths, "term_months", problems),
            AnnualRate = (ratePercent ?? 0m) / 100m,
            Profile = profile,
            Bureau = bureau,
        };
    }

    /// <summary>A code of <typeparamref name="T"/> (snake_case), or a problem on <paramref name="field"/>.</summary>
    public static T Code<T>(string? text, string field, List<FieldProblem> problems)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (EnumCodes.TryParse<T>(text, out var value))
        {
            return value;
        }

        problems.Add(new(field, string.IsNullOrWhiteSpace(text) ? "required" : "invalid_code", $"{field} must be one of: {string.Join(", ", EnumCodes.Codes<T>())}."));
        return default;
    }

    /// <summary>A number typed by a person: '.' or ',' as the decimal separator, no thousands separator; empty is null.</summary>
    private static decimal? OptionalDecimal(string? text, string field, List<FieldProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add(new(field, "invalid_number", "Not a number: digits with '.' or ',' for decimals, no thousands separators."));
        return null;
    }

    private static int Int(string? text, string field, List<FieldProblem> problems)
    {
        if (int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add(new(field, string.IsNullOrWhiteSpace(text) ? "required" : "invalid_number", "A whole number is required."));
        return 0;
    }

    private static DateOnly? Date(string? text, string field, List<FieldProblem> problems)
    {
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(new(field, string.IsNullOrWhiteSpace(text) ? "required" : "invalid_date", "A date in the form yyyy-MM-dd is required."));
        return null;
    }
}
