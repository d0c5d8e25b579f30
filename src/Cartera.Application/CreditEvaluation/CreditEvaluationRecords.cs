using Cartera.Domain.CreditEvaluation;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.CreditEvaluation;

/// <summary>Where the bureau data of an application came from.</summary>
public enum BureauSource
{
    /// <summary>No bureau data: the policy refers the application.</summary>
    None,

    /// <summary>Typed by the person who evaluated the application.</summary>
    Entered,

    /// <summary>The latest imported report of the applicant's document (<see cref="CreditApplication.BureauReportId"/>).</summary>
    Imported,
}

/// <summary>
/// A credit application of a new client (<c>credit_applications</c>): who applies, the monthly figures and the product
/// (money as minor units of <see cref="CurrencyCode"/>), the form attributes and the bureau data used (JSON), the stored
/// evaluation (JSON: figures, reasons with their texts, model id/version and reasons, the policy used) and the person's
/// decision. Every change goes through the audited SaveChanges; <see cref="Version"/> is the concurrency token.
/// </summary>
public sealed class CreditApplication
{
    public long Id { get; set; }

    public IdType DocumentType { get; set; }

    public string DocumentNumber { get; set; } = string.Empty;

    public string FullName { get; set; } = string.Empty;

    /// <summary>ISO 3166 alpha-2 country of the applicant (the jurisdiction).</summary>
    public string Country { get; set; } = string.Empty;

    public string CurrencyCode { get; set; } = string.Empty;

    public DateOnly ApplicationDate { get; set; }

    public DateOnly BirthDate { get; set; }

    public long MonthlyIncomeMinor { get; set; }

    public long MonthlyExpensesMinor { get; set; }

    public long ExistingPaymentsMinor { get; set; }

    public long ExistingDebtMinor { get; set; }

    public long RequestedAmountMinor { get; set; }

    public int TermMonths { get; set; }

    /// <summary>Effective annual rate as a fraction.</summary>
    public decimal AnnualRate { get; set; }

    /// <summary>JSON (snake_case) of the <see cref="ApplicantProfile"/>.</summary>
    public string ProfileJson { get; set; } = "{}";

    public BureauSource BureauSource { get; set; }

    /// <summary>JSON (snake_case) of the <see cref="BureauData"/> used; null when none.</summary>
    public string? BureauJson { get; set; }

    public long? BureauReportId { get; set; }

    /// <summary>JSON (snake_case) of the stored evaluation (<see cref="StoredEvaluation"/>).</summary>
    public string EvaluationJson { get; set; } = "{}";

    public CreditRecommendation Recommendation { get; set; }

    /// <summary>The application model's registry id; null when none was active.</summary>
    public long? ModelId { get; set; }

    public double? ProbabilityBad { get; set; }

    public decimal Dti { get; set; }

    public long InstallmentMinor { get; set; }

    public long MaxAffordableMinor { get; set; }

    public CreditApplicationStatus Status { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public CreditDeclineReason? DeclineReason { get; set; }

    /// <summary>The decision's written note (required for an override).</summary>
    public string? DecisionNote { get; set; }

    /// <summary>The approved amount; null until approved.</summary>
    public long? ApprovedAmountMinor { get; set; }

    /// <summary>The approval overrode a decline recommendation.</summary>
    public bool Override { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public uint Version { get; set; }
}

/// <summary>
/// A credit bureau report (<c>bureau_reports</c>), imported with <c>cartera import bureau</c>: the applicant's document,
/// the report date and the bureau's figures; <see cref="Source"/> names the bureau or file. Key: document + report date +
/// source (a re-import updates the figures).
/// </summary>
public sealed class BureauReport
{
    public long Id { get; set; }

    public IdType DocumentType { get; set; }

    public string DocumentNumber { get; set; } = string.Empty;

    public DateOnly ReportDate { get; set; }

    public int? Score { get; set; }

    public int OpenAccounts { get; set; }

    public int DelinquentAccounts { get; set; }

    public int WorstDelinquencyDays24m { get; set; }

    public int Inquiries6m { get; set; }

    public string Source { get; set; } = string.Empty;

    public DateTimeOffset ImportedAt { get; set; }

    public BureauData ToData() => new()
    {
        Score = Score,
        OpenAccounts = OpenAccounts,
        DelinquentAccounts = DelinquentAccounts,
        WorstDelinquencyDays24m = WorstDelinquencyDays24m,
        Inquiries6m = Inquiries6m,
        ReportDate = ReportDate,
    };
}
