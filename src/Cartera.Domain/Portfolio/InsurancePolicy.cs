using Cartera.Domain.Common;

namespace Cartera.Domain.Portfolio;

/// <summary>An insurance policy (póliza) attached to an obligation: debtor life, all-risk on the collateral…</summary>
public sealed class InsurancePolicy
{
    private InsurancePolicy()
    {
        ExternalId = string.Empty;
        Insurer = string.Empty;
        PolicyNumber = string.Empty;
        CurrencyCode = string.Empty;
    }

    public long Id { get; private set; }

    public string ExternalId { get; private set; }

    public long ObligationId { get; private set; }

    public string Insurer { get; private set; }

    public string PolicyNumber { get; private set; }

    public InsuranceType Type { get; private set; }

    public long InsuredValueMinor { get; private set; }

    public string CurrencyCode { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly ExpiryDate { get; private set; }

    public RenewalStatus RenewalStatus { get; private set; }

    public uint Version { get; private set; }

    public static InsurancePolicy Create(InsurancePolicyData data, long obligationId)
    {
        ArgumentNullException.ThrowIfNull(data);
        var p = new InsurancePolicy { ObligationId = obligationId };
        p.Apply(data);
        return p;
    }

    public InsurancePolicyData ToData() => new(
        ExternalId, Insurer, PolicyNumber, Type, Money.FromMinorUnits(InsuredValueMinor, Currency.Of(CurrencyCode)), StartDate, ExpiryDate, RenewalStatus);

    /// <summary>
    /// Updates the policy. Returns whether anything changed, comparing the data as it is stored (ids and names trimmed,
    /// an empty policy number replaced by the policy id).
    /// </summary>
    public bool Update(InsurancePolicyData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var externalId = data.ExternalId?.Trim() ?? string.Empty;
        var stored = data with
        {
            ExternalId = externalId,
            Insurer = data.Insurer?.Trim() ?? string.Empty,
            PolicyNumber = string.IsNullOrWhiteSpace(data.PolicyNumber) ? externalId : data.PolicyNumber.Trim(),
        };
        if (stored == ToData())
        {
            return false;
        }

        Apply(data);
        return true;
    }

    /// <summary>Whether the policy covers a date (start and expiry inclusive).</summary>
    public bool CoversOn(DateOnly date) => date >= StartDate && date <= ExpiryDate && RenewalStatus is not (RenewalStatus.Lapsed or RenewalStatus.Cancelled);

    private void Apply(InsurancePolicyData data)
    {
        if (string.IsNullOrWhiteSpace(data.ExternalId))
        {
            throw new DomainException("required", "The policy id is required.", "policy_id");
        }

        if (string.IsNullOrWhiteSpace(data.Insurer))
        {
            throw new DomainException("required", "The insurer is required.", "insurer");
        }

        if (data.ExpiryDate < data.StartDate)
        {
            throw new DomainException("invalid_date", "The policy expires before it starts.", "expiry_date");
        }

        if (data.InsuredValue.IsNegative)
        {
            throw new DomainException("invalid_amount", "The insured value cannot be negative.", "insured_value");
        }

        ExternalId = data.ExternalId.Trim();
        Insurer = data.Insurer.Trim();
        PolicyNumber = string.IsNullOrWhiteSpace(data.PolicyNumber) ? data.ExternalId.Trim() : data.PolicyNumber.Trim();
        Type = data.Type;
        InsuredValueMinor = data.InsuredValue.MinorUnits;
        CurrencyCode = data.InsuredValue.Currency.Code;
        StartDate = data.StartDate;
        ExpiryDate = data.ExpiryDate;
        RenewalStatus = data.RenewalStatus;
    }
}

public sealed record InsurancePolicyData(
    string ExternalId,
    string Insurer,
    string PolicyNumber,
    InsuranceType Type,
    Money InsuredValue,
    DateOnly StartDate,
    DateOnly ExpiryDate,
    RenewalStatus RenewalStatus);
