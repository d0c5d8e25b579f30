using Cartera.Domain.Portfolio;

namespace Cartera.Application.Demo;

/// <summary>
/// A product of the demo portfolio with plausible Colombian ranges: principal in whole pesos, contract rate as an
/// effective annual fraction, term in installments.
/// </summary>
public sealed record DemoProduct(
    string Code,
    ObligationKind Kind,
    long MinPrincipal,
    long MaxPrincipal,
    decimal MinRate,
    decimal MaxRate,
    int MinTerm,
    int MaxTerm,
    int Weight)
{
    public static readonly DemoProduct Consumo = new("consumo", ObligationKind.Loan, 2_000_000, 40_000_000, 0.1800m, 0.2650m, 12, 60, 30);
    public static readonly DemoProduct Libranza = new("libranza", ObligationKind.Loan, 5_000_000, 80_000_000, 0.1200m, 0.1900m, 24, 84, 15);
    public static readonly DemoProduct Microcredito = new("microcredito", ObligationKind.Loan, 1_000_000, 15_000_000, 0.3000m, 0.5000m, 6, 36, 14);
    public static readonly DemoProduct Vivienda = new("vivienda", ObligationKind.Loan, 60_000_000, 350_000_000, 0.1000m, 0.1500m, 120, 180, 5);
    public static readonly DemoProduct Vehiculo = new("vehiculo", ObligationKind.Loan, 30_000_000, 120_000_000, 0.1400m, 0.2200m, 36, 72, 10);
    public static readonly DemoProduct Tarjeta = new("tarjeta", ObligationKind.Card, 1_000_000, 12_000_000, 0.2400m, 0.2650m, 12, 36, 10);
    public static readonly DemoProduct Comercial = new("comercial", ObligationKind.Loan, 50_000_000, 800_000_000, 0.1400m, 0.2200m, 12, 36, 4);
    public static readonly DemoProduct Factura = new("factura", ObligationKind.Invoice, 2_000_000, 150_000_000, 0m, 0m, 1, 1, 6);

    public static readonly IReadOnlyList<DemoProduct> ForPersons = [Consumo, Libranza, Microcredito, Vivienda, Vehiculo, Tarjeta];

    public static readonly IReadOnlyList<DemoProduct> ForCompanies = [Comercial, Factura];
}
