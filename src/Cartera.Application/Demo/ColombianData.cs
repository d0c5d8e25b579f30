using System.Globalization;
using System.Text;
using Bogus;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Demo;

/// <summary>A Colombian city with its department and the landline prefix (60 + area digit) used since 2021.</summary>
public sealed record ColombianCity(string Department, string City, string LandlinePrefix, int Weight);

/// <summary>Synthetic but well-formed Colombian data for the demo: places, cédulas, NITs, phones, addresses, emails.</summary>
public static class ColombianData
{
    /// <summary>The demo portfolio's jurisdiction (ISO 3166-1): its debtors and applications are Colombian.</summary>
    public const string Country = "CO";

    public static readonly IReadOnlyList<ColombianCity> Cities =
    [
        new("Bogotá D.C.", "Bogotá", "601", 30),
        new("Antioquia", "Medellín", "604", 14),
        new("Antioquia", "Envigado", "604", 2),
        new("Valle del Cauca", "Cali", "602", 11),
        new("Valle del Cauca", "Palmira", "602", 2),
        new("Atlántico", "Barranquilla", "605", 8),
        new("Santander", "Bucaramanga", "607", 5),
        new("Bolívar", "Cartagena", "605", 4),
        new("Norte de Santander", "Cúcuta", "607", 3),
        new("Risaralda", "Pereira", "606", 3),
        new("Caldas", "Manizales", "606", 2),
        new("Tolima", "Ibagué", "608", 2),
        new("Meta", "Villavicencio", "608", 2),
        new("Huila", "Neiva", "608", 2),
        new("Nariño", "Pasto", "602", 2),
        new("Córdoba", "Montería", "604", 2),
        new("Boyacá", "Tunja", "608", 1),
        new("Cundinamarca", "Soacha", "601", 3),
        new("Cundinamarca", "Chía", "601", 1),
        new("Magdalena", "Santa Marta", "605", 2),
        new("Cesar", "Valledupar", "605", 2),
        new("Quindío", "Armenia", "606", 1),
        new("Cauca", "Popayán", "602", 1),
    ];

    // Mobile prefixes in use by Colombian operators (Claro, Movistar, Tigo, WOM, virtual operators).
    private static readonly string[] MobilePrefixes =
        ["300", "301", "302", "304", "305", "310", "311", "312", "313", "314", "315", "316", "317", "318", "319", "320", "321", "322", "323", "324", "350", "351"];

    private static readonly string[] StreetKinds = ["Calle", "Carrera", "Avenida", "Transversal", "Diagonal", "Calle", "Carrera"];

    private static readonly string[] EmailDomains = ["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "gmail.com", "hotmail.com"];

    public static ColombianCity City(Faker f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Weighted(f, Cities, Cities.Select(c => c.Weight).ToArray());
    }

    /// <summary>Picks an item with probability proportional to its weight (Bogus' WeightedRandom wants weights summing to 1).</summary>
    public static T Weighted<T>(Faker f, IReadOnlyList<T> items, IReadOnlyList<int> weights)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(weights);
        var roll = f.Random.Int(1, weights.Sum());
        for (var i = 0; i < items.Count; i++)
        {
            roll -= weights[i];
            if (roll <= 0)
            {
                return items[i];
            }
        }

        return items[^1];
    }

    /// <summary>A mobile number as people write it: <c>3xx xxx xxxx</c> (10 digits, starts with 3).</summary>
    public static string Mobile(Faker f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return $"{f.PickRandom(MobilePrefixes)} {f.Random.ReplaceNumbers("###")} {f.Random.ReplaceNumbers("####")}";
    }

    /// <summary>Whether a normalized value is a Colombian mobile: 10 digits starting with 3.</summary>
    public static bool IsMobile(string value) =>
        value is { Length: 10 } && value[0] == '3' && value.All(char.IsAsciiDigit);

    /// <summary>A landline: 60 + area digit + 7 digits (10 digits, national numbering since 2021).</summary>
    public static string Landline(Faker f, ColombianCity city)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(city);
        return $"{city.LandlinePrefix} {f.Random.Number(2, 8)}{f.Random.ReplaceNumbers("##")} {f.Random.ReplaceNumbers("####")}";
    }

    /// <summary>A cédula de ciudadanía of 6 to 10 digits; the longer, newer numbers start with 1.</summary>
    public static string Cedula(Faker f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var roll = f.Random.Int(1, 100);
        long number = roll switch
        {
            <= 8 => f.Random.Long(100_000, 999_999),
            <= 20 => f.Random.Long(1_000_000, 9_999_999),
            <= 55 => f.Random.Long(10_000_000, 99_999_999),
            _ => f.Random.Long(1_000_000_000, 1_130_000_000),
        };
        return number.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A company NIT (9 digits starting with 8 or 9) with its DIAN check digit.</summary>
    public static IdentityDocument Nit(Faker f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var body = f.Random.Long(800_000_000, 901_999_999).ToString(CultureInfo.InvariantCulture);
        var checkDigit = IdentityDocument.NitCheckDigit(body).ToString(CultureInfo.InvariantCulture);
        return new IdentityDocument(IdType.NIT, body, checkDigit);
    }

    /// <summary>An urban address in the Colombian grid style: <c>Carrera 43A # 14-109 Apto 502</c>.</summary>
    public static string Address(Faker f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var letter = f.Random.Bool(0.2f) ? f.PickRandom("A", "B", "C", "Bis") : string.Empty;
        var address = $"{f.PickRandom(StreetKinds)} {f.Random.Int(1, 150)}{letter} # {f.Random.Int(1, 120)}-{f.Random.Int(1, 99):00}";
        return f.Random.Int(1, 10) switch
        {
            <= 4 => $"{address} Apto {f.Random.Int(1, 25)}0{f.Random.Int(1, 9)}",
            5 => $"{address} Casa {f.Random.Int(1, 60)}",
            6 => $"{address} Local {f.Random.Int(1, 30)}",
            _ => address,
        };
    }

    /// <summary>A personal email from a name: accents removed, lower case, a number to keep it unique.</summary>
    public static string PersonalEmail(Faker f, string firstName, string lastName, int unique)
    {
        ArgumentNullException.ThrowIfNull(f);
        return $"{Slug(firstName, ".")}.{Slug(lastName, ".")}{unique.ToString(CultureInfo.InvariantCulture)}@{f.PickRandom(EmailDomains)}";
    }

    public static string CompanyEmail(Faker f, string companyName, int unique)
    {
        ArgumentNullException.ThrowIfNull(f);
        var local = f.PickRandom("cartera", "contabilidad", "tesoreria", "gerencia", "pagos");
        return $"{local}{unique.ToString(CultureInfo.InvariantCulture)}@{Slug(companyName, string.Empty)}.com.co";
    }

    /// <summary>ASCII letters and digits of a text, lower case, accents removed, words joined by <paramref name="separator"/>.</summary>
    public static string Slug(string text, string separator)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var pendingSeparator = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingSeparator && sb.Length > 0)
                {
                    sb.Append(separator);
                }

                pendingSeparator = false;
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSeparator = true;
            }
        }

        return sb.Length == 0 ? "cliente" : sb.ToString();
    }
}
