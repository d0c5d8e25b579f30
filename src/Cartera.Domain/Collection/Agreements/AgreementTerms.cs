using Cartera.Domain.Common;

namespace Cartera.Domain.Collection.Agreements;

/// <summary>
/// What the collector proposes (RULES §14): agreement date A, number of monthly installments n, effective annual rate r
/// (a fraction, 0 allowed), an optional down payment d (default: the minimum), the concessions — principal discount
/// (quita) q, arrears-interest waiver w_a, fee waiver w_f, each a fraction in [0, 1] — and an optional first due date
/// (default A + 1 month, same day, clamped to the month's end).
/// </summary>
public sealed record AgreementTerms(
    DateOnly Date,
    int Installments,
    decimal Rate,
    Money? DownPayment = null,
    decimal PrincipalDiscount = 0m,
    decimal ArrearsWaiver = 0m,
    decimal FeeWaiver = 0m,
    DateOnly? FirstDueDate = null);

/// <summary>Product-level agreement settings (configurable; defaults per RULES §14).</summary>
public sealed record AgreementPolicy
{
    /// <summary>The least down payment as a fraction of the agreed balance B (default 0.10).</summary>
    public decimal MinDownPaymentFraction { get; init; } = 0.10m;

    /// <summary>Days an agreement installment may stay unpaid after its due date before the agreement is broken (default 30).</summary>
    public int GraceDays { get; init; } = 30;

    /// <summary>Whether a broken agreement reinstates the forgiven amounts as a debt line (default yes).</summary>
    public bool ReinstateOnBreak { get; init; } = true;

    /// <summary>The most installments an agreement may have.</summary>
    public int MaxInstallments { get; init; } = 120;

    public static AgreementPolicy Default { get; } = new();
}
