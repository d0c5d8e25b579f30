namespace Cartera.Domain.Collection.Agreements;

/// <summary>Who may approve an agreement, lowest first.</summary>
public enum AgreementApprover
{
    Collector,
    Supervisor,
    Administrator,
}

/// <summary>One role's limit: the largest quita, arrears waiver, fee waiver and number of installments it approves alone.</summary>
public sealed record AgreementLimit(decimal MaxPrincipalDiscount, decimal MaxArrearsWaiver, decimal MaxFeeWaiver, int MaxInstallments)
{
    public bool Allows(AgreementTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.PrincipalDiscount <= MaxPrincipalDiscount
            && terms.ArrearsWaiver <= MaxArrearsWaiver
            && terms.FeeWaiver <= MaxFeeWaiver
            && terms.Installments <= MaxInstallments;
    }
}

/// <summary>
/// Approval limits by role (RULES §14; configurable). Defaults: a collector approves q = 0, w_a ≤ 0.5, w_f = 0 and
/// n ≤ 12; a supervisor q ≤ 0.2, any waiver, n ≤ 36; beyond that an administrator (no limit).
/// </summary>
public sealed record AgreementApprovalLimits
{
    public AgreementLimit Collector { get; init; } = new(0m, 0.5m, 0m, 12);

    public AgreementLimit Supervisor { get; init; } = new(0.2m, 1m, 1m, 36);

    public static AgreementApprovalLimits Default { get; } = new();

    /// <summary>The lowest level that may approve these terms.</summary>
    public AgreementApprover RequiredApprover(AgreementTerms terms) =>
        Collector.Allows(terms) ? AgreementApprover.Collector
        : Supervisor.Allows(terms) ? AgreementApprover.Supervisor
        : AgreementApprover.Administrator;

    /// <summary>Whether someone at <paramref name="level"/> may approve these terms.</summary>
    public bool CanApprove(AgreementApprover level, AgreementTerms terms) => level >= RequiredApprover(terms);
}
