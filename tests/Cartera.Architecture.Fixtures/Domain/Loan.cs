namespace Cartera.Architecture.Fixtures.Domain.Loans;

/// <summary>A pure domain type: no violation.</summary>
public sealed record Loan(long Id, decimal Principal)
{
    public decimal Half() => Principal / 2;
}
