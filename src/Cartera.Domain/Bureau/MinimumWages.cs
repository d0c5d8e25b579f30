namespace Cartera.Domain.Bureau;

/// <summary>
/// One year's legal monthly minimum wage of a country (Colombia: salario mínimo mensual legal vigente, SMMLV) in minor
/// units of <see cref="Currency"/>, with the act that set it. RULES §8 measures "small debts" against it.
/// </summary>
public sealed record MinimumWage(string Country, int Year, long AmountMinor, string Currency, string Source);

/// <summary>
/// The dated minimum-wage table: one row per country and calendar year. A year without a row has no wage — the
/// caller fails closed (a Colombian negative report is refused with <c>minimum_wage_missing</c>) instead of guessing.
/// The shipped rows (<see cref="Shipped"/>) can be replaced or extended by configuration (<see cref="With"/>).
/// </summary>
public sealed class MinimumWageTable
{
    private readonly Dictionary<(string Country, int Year), MinimumWage> _rows;

    public MinimumWageTable(IEnumerable<MinimumWage> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _rows = [];
        foreach (var row in rows)
        {
            if (row.AmountMinor <= 0 || row.Year < 1900 || string.IsNullOrWhiteSpace(row.Source))
            {
                throw new Common.DomainException("invalid_minimum_wage", $"The minimum wage of {row.Country} {row.Year} needs a positive amount and its source.", "minimum_wage");
            }

            _rows[(row.Country.ToUpperInvariant(), row.Year)] = row;
        }
    }

    /// <summary>
    /// Colombia's SMMLV 2024–2026 as decreed (amounts in centavos). Check each against its decree before relying on it
    /// (docs/user/bureau.md); configuration <c>Bureau:MinimumWages</c> adds or replaces years.
    /// </summary>
    public static MinimumWageTable Shipped { get; } = new(
    [
        new("CO", 2024, 1_300_000_00, "COP", "Decreto 2292 de 2023"),
        new("CO", 2025, 1_423_500_00, "COP", "Decreto 1572 de 2024"),
        new("CO", 2026, 1_750_905_00, "COP", "Decreto 1469 de 2025"),
    ]);

    public IReadOnlyCollection<MinimumWage> Rows => _rows.Values;

    /// <summary>The wage in force on <paramref name="date"/> (its calendar year), or null when the table has no row.</summary>
    public MinimumWage? For(string country, DateOnly date) =>
        _rows.TryGetValue((country.ToUpperInvariant(), date.Year), out var row) ? row : null;

    /// <summary>This table with <paramref name="rows"/> added; a row for the same country and year replaces the old one.</summary>
    public MinimumWageTable With(IEnumerable<MinimumWage> rows) => new(_rows.Values.Concat(rows));
}
