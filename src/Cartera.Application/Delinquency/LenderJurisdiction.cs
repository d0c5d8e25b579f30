namespace Cartera.Application.Delinquency;

/// <summary>
/// The lender's home jurisdiction (configuration <c>Lender:Jurisdiction</c>, an ISO 3166-1 alpha-2 code shipped in the
/// CLI's appsettings.json): only the default of the screens and commands that show or edit one jurisdiction's table when
/// none is named (the cap table page, <c>cartera rates</c>, the country of a new credit application). It never decides
/// an obligation's rules: those follow its holder's country (<see cref="JurisdictionTables"/>). Not configured: those
/// screens ask for the jurisdiction and the commands require <c>--jurisdiction</c>.
/// </summary>
public sealed record LenderJurisdiction(string? Code)
{
    public const string Key = "Lender:Jurisdiction";

    public static LenderJurisdiction From(string? configured) =>
        new(string.IsNullOrWhiteSpace(configured) ? null : configured.Trim().ToUpperInvariant());
}
