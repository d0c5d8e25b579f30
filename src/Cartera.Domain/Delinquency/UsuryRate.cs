using Cartera.Domain.Common;

namespace Cartera.Domain.Delinquency;

/// <summary>
/// A jurisdiction whose usury rate is a fixed multiple of a certified reference rate — Colombia: 1.5 × the interés
/// bancario corriente (IBC) of the Superintendencia Financiera (Código de Comercio art. 884; Código Penal art. 305).
/// Both rates are effective annual fractions. The multiple and the tolerance of a published (rounded) usury rate are
/// data of the jurisdiction (Application's <c>usury_rules.json</c>).
/// </summary>
public sealed record UsuryRate(decimal MultipleOfBankingCurrent, decimal Tolerance)
{
    /// <summary>Usury = multiple × IBC, kept to the 12 decimals a cap row allows (1.5 × 16.24 % EA → 24.36 % EA).</summary>
    public decimal FromBankingCurrent(decimal bankingCurrentEa)
    {
        if (bankingCurrentEa is <= 0m or >= 5m)
        {
            throw new DomainException("invalid_rate", "banking_current_ea is an effective annual fraction above 0 (0.1624 is 16.24 %).", "banking_current_ea");
        }

        return decimal.Round(bankingCurrentEa * MultipleOfBankingCurrent, 12, MidpointRounding.ToEven);
    }

    /// <summary>Whether a published usury rate agrees with the banking current rate it was derived from.</summary>
    public bool Agrees(decimal usuryEa, decimal bankingCurrentEa) => Math.Abs(usuryEa - (bankingCurrentEa * MultipleOfBankingCurrent)) <= Tolerance;
}
