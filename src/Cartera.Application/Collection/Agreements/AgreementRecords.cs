using Cartera.Domain.Collection.Agreements;

namespace Cartera.Application.Collection.Agreements;

/// <summary>
/// A payment agreement (<c>payment_agreements</c>, owned by Collection): the debtor, the terms (date A, installments,
/// rate, down payment, concessions, first due date), the position on A it was computed from and the resulting figures
/// (money as minor units of <see cref="CurrencyCode"/>), who requested it and who approved or rejected it, its status,
/// and — once booked — the new <c>agreement</c> obligation. Every change goes through the audited SaveChanges;
/// <see cref="Version"/> is the concurrency token.
/// </summary>
public sealed class PaymentAgreement
{
    public long Id { get; set; }

    public long DebtorId { get; set; }

    public string CurrencyCode { get; set; } = string.Empty;

    public DateOnly AgreementDate { get; set; }

    public int InstallmentCount { get; set; }

    /// <summary>Effective annual rate as a fraction.</summary>
    public decimal Rate { get; set; }

    public decimal PrincipalDiscount { get; set; }

    public decimal ArrearsWaiver { get; set; }

    public decimal FeeWaiver { get; set; }

    public DateOnly FirstDueDate { get; set; }

    public long OverduePrincipalMinor { get; set; }

    public long FuturePrincipalMinor { get; set; }

    public long OverdueInterestMinor { get; set; }

    public long ArrearsInterestMinor { get; set; }

    public long FeesMinor { get; set; }

    public long OtherOverdueMinor { get; set; }

    public long AgreedBalanceMinor { get; set; }

    public long ForgivenMinor { get; set; }

    public long DownPaymentMinor { get; set; }

    public long FinancedMinor { get; set; }

    public long TotalToPayMinor { get; set; }

    /// <summary>The legal cap (EA) the rate was checked against; null when no cap row applied.</summary>
    public decimal? CapEa { get; set; }

    public AgreementStatus Status { get; set; }

    /// <summary>The lowest role that may approve these terms.</summary>
    public AgreementApprover RequiredApprover { get; set; }

    /// <summary>Days an installment may stay unpaid after its due date before the agreement is broken.</summary>
    public int GraceDays { get; set; }

    /// <summary>Whether breaking the agreement reinstates the forgiven amounts.</summary>
    public bool ReinstateOnBreak { get; set; }

    public string RequestedBy { get; set; } = string.Empty;

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Who approved or rejected it (the requester when within their own limit).</summary>
    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }

    /// <summary>The obligation of kind <c>agreement</c> created when the agreement was booked.</summary>
    public long? AgreementObligationId { get; set; }

    public DateOnly? BookedOn { get; set; }

    public DateOnly? BrokenOn { get; set; }

    public DateOnly? CompletedOn { get; set; }

    public uint Version { get; set; }
}

/// <summary>An obligation included in an agreement (<c>payment_agreement_obligations</c>).</summary>
public sealed class PaymentAgreementObligation
{
    public long AgreementId { get; set; }

    public long ObligationId { get; set; }
}

/// <summary>One installment of an agreement's schedule (<c>payment_agreement_installments</c>), minor units.</summary>
public sealed class PaymentAgreementInstallment
{
    public long AgreementId { get; set; }

    public int Number { get; set; }

    public DateOnly DueDate { get; set; }

    public long PrincipalMinor { get; set; }

    public long InterestMinor { get; set; }
}
