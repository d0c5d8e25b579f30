using Cartera.Domain.Common;

namespace Cartera.Domain.Delinquency;

/// <summary>
/// Colombia: the usury rate (tasa de usura) is 1.5 × the interés bancario corriente (IBC) certified by the
/// Superintendencia Financiera (Código de Comercio art. 884; Código Penal art. 305). Both are effective annual fractions.
/// </summary>
public static class UsuryRate
{
    /// <summary>The multiplier of the certified banking current rate: 1.5.</summary>
    public const decimal ColombianMultiplier = 1.5m;

    /// <summary>Usury = 1.5 × IBC, kept to the 12 decimals a cap row allows (16.24 % EA → 24.36 % EA).</summary>
    public static decimal FromBankingCurrent(decimal bankingCurrentEa)
    {
        if (bankingCurrentEa is <= 0m or >= 5m)
        {
            throw new DomainException("invalid_rate", "banking_current_ea is an effective annual fraction above 0 (0.1624 is 16.24 %).", "banking_current_ea");
        }

        return decimal.Round(bankingCurrentEa * ColombianMultiplier, 12, MidpointRounding.ToEven);
    }
}
