namespace Cartera.Domain.Portfolio;

// Stored as snake_case text in the database and in files (see EnumCodes), so that values read the same in SQL, CSV
// and the API. Add members at the end only.

/// <summary>
/// Identity document types. Colombia: CC (cédula de ciudadanía), CE (cédula de extranjería), NIT, TI (tarjeta de
/// identidad), PA (passport). Mexico: CURP, RFC. Spain: DNI, NIE, CIF. United States: SSN, EIN. OTHER for the rest.
/// </summary>
public enum IdType
{
    CC,
    CE,
    NIT,
    TI,
    PA,
    CURP,
    RFC,
    DNI,
    NIE,
    CIF,
    SSN,
    EIN,
    OTHER,
}
