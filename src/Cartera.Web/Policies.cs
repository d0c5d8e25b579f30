namespace Cartera.Web;

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    /// <summary>Any Cartera role; assigned-only roles are further limited to their debtors by the queries.</summary>
    public const string ReadPortfolio = "portfolio.read";

    /// <summary>Create debtors and obligations: admin and supervisor.</summary>
    public const string WritePortfolio = "portfolio.write";

    /// <summary>Check and record contact attempts: every role that contacts debtors (not analysts or auditors).</summary>
    public const string ContactDebtors = "compliance.contact";

    /// <summary>The compliance report: admin, supervisor and auditor.</summary>
    public const string ComplianceReport = "compliance.report";

    /// <summary>Portfolio-wide reports (best-next-action priors, experiments): admin, supervisor, analyst, auditor. The aging report follows ReadPortfolio, scoped.</summary>
    public const string ReadAging = "delinquency.aging";

    /// <summary>Read credit applications of new clients: admin, supervisor, analyst, auditor.</summary>
    public const string ReadCreditApplications = "credit.read";

    /// <summary>Evaluate credit applications and record decisions (within the person's authority): admin, supervisor, analyst.</summary>
    public const string EvaluateCredit = "credit.evaluate";

    /// <summary>Read debtor assignments and their history (all of them): admin, supervisor, analyst, auditor.</summary>
    public const string ReadAssignments = "assignments.read";

    /// <summary>Assign debtors, in bulk or by file, and end assignments: admin and supervisor.</summary>
    public const string ManageAssignments = "assignments.manage";

    /// <summary>Strategies, message templates and the outbox monitor (issue 14 pages): admin and supervisor.</summary>
    public const string ManageCommunications = "communications.manage";

    /// <summary>Administration (compliance rule sets, cap table, product settings): admin only.</summary>
    public const string Admin = "admin";
}
