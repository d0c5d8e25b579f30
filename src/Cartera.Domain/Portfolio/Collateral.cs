using Cartera.Domain.Common;

namespace Cartera.Domain.Portfolio;

/// <summary>Collateral (garantía) securing an obligation: mortgage, vehicle pledge, guarantee fund, deposit…</summary>
public sealed class Collateral
{
    private Collateral()
    {
        ExternalId = string.Empty;
        CurrencyCode = string.Empty;
    }

    public long Id { get; private set; }

    public string ExternalId { get; private set; }

    public long ObligationId { get; private set; }

    public CollateralType Type { get; private set; }

    public string? Description { get; private set; }

    public long AppraisedValueMinor { get; private set; }

    public string CurrencyCode { get; private set; }

    public DateOnly? AppraisalDate { get; private set; }

    public DateOnly? NextVerificationDate { get; private set; }

    public uint Version { get; private set; }

    public static Collateral Create(CollateralData data, long obligationId)
    {
        ArgumentNullException.ThrowIfNull(data);
        var c = new Collateral { ObligationId = obligationId };
        c.Apply(data);
        return c;
    }

    public CollateralData ToData() => new(
        ExternalId, Type, Description, Money.FromMinorUnits(AppraisedValueMinor, Currency.Of(CurrencyCode)), AppraisalDate, NextVerificationDate);

    /// <summary>
    /// Updates appraisal data (a new appraisal is normal). Returns whether anything changed, comparing the id trimmed as
    /// it is stored.
    /// </summary>
    public bool Update(CollateralData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data with { ExternalId = data.ExternalId?.Trim() ?? string.Empty } == ToData())
        {
            return false;
        }

        Apply(data);
        return true;
    }

    private void Apply(CollateralData data)
    {
        if (string.IsNullOrWhiteSpace(data.ExternalId))
        {
            throw new DomainException("required", "The collateral id is required.", "collateral_id");
        }

        if (data.AppraisedValue.IsNegative)
        {
            throw new DomainException("invalid_amount", "The appraised value cannot be negative.", "appraised_value");
        }

        if (data.AppraisalDate is not null && data.NextVerificationDate is not null && data.NextVerificationDate < data.AppraisalDate)
        {
            throw new DomainException("invalid_date", "The next verification cannot be before the appraisal.", "next_verification_date");
        }

        ExternalId = data.ExternalId.Trim();
        Type = data.Type;
        Description = data.Description;
        AppraisedValueMinor = data.AppraisedValue.MinorUnits;
        CurrencyCode = data.AppraisedValue.Currency.Code;
        AppraisalDate = data.AppraisalDate;
        NextVerificationDate = data.NextVerificationDate;
    }
}

public sealed record CollateralData(
    string ExternalId,
    CollateralType Type,
    string? Description,
    Money AppraisedValue,
    DateOnly? AppraisalDate,
    DateOnly? NextVerificationDate);
