using Cartera.Application.Data;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Portfolio;

/// <summary>
/// Portfolio's write entry point for whole records built elsewhere (the demo generator): debtors, obligations and
/// guarantees are tables Portfolio owns, so other features add them through here, never through the
/// DbContext's sets. The caller saves.
/// </summary>
public static class PortfolioRecords
{
    public static void AddDebtors(CarteraDbContext db, IEnumerable<Debtor> debtors) => db.Debtors.AddRange(debtors);

    public static void AddObligations(CarteraDbContext db, IEnumerable<Obligation> obligations) => db.Obligations.AddRange(obligations);

    public static void AddGuarantees(CarteraDbContext db, IEnumerable<Collateral> collaterals, IEnumerable<InsurancePolicy> policies)
    {
        db.Collaterals.AddRange(collaterals);
        db.InsurancePolicies.AddRange(policies);
    }
}
