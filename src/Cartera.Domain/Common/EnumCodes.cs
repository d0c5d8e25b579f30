using System.Text;

namespace Cartera.Domain.Common;

/// <summary>
/// The one mapping between enum members and their text codes: <c>ConstantPrincipal</c> ⇄ <c>constant_principal</c>,
/// <c>WhatsApp</c> ⇄ <c>whatsapp</c>, <c>NIT</c> ⇄ <c>NIT</c> for upper-case acronyms. Used by the database, files and the API.
/// Parsing is case-insensitive and also accepts the member name itself.
/// </summary>
public static class EnumCodes
{
    /// <exception cref="ArgumentOutOfRangeException">for a value that is not a member of <typeparamref name="T"/>.</exception>
    public static string ToCode<T>(T value)
        where T : struct, Enum =>
        Map<T>.ToCode.TryGetValue(value, out var code)
            ? code
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a member of {typeof(T).Name}.");

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // Exact codes first (what the database and files hold), so the common case neither trims nor folds case.
        return Map<T>.Exact.TryGetValue(text, out value) || Map<T>.FromCode.TryGetValue(text.Trim(), out value);
    }

    public static T Parse<T>(string text)
        where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw new DomainException("invalid_code", $"'{text}' is not one of: {string.Join(", ", Codes<T>())}.");

    public static IReadOnlyList<string> Codes<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(v => ToCode(v)).ToList();

    /// <summary>The codes of one enum type, built once per type.</summary>
    private static class Map<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ToCode = [];
        public static readonly Dictionary<string, T> Exact = new(StringComparer.Ordinal);
        public static readonly Dictionary<string, T> FromCode = new(StringComparer.OrdinalIgnoreCase);

#pragma warning disable CA1810 // the three maps are filled together from one pass over the members
        static Map()
#pragma warning restore CA1810
        {
            foreach (var v in Enum.GetValues<T>())
            {
                var name = v.ToString();
                var code = SnakeCase(name);
                ToCode[v] = code;
                Exact[code] = v;
                FromCode[code] = v;
                FromCode[name] = v;
            }
        }
    }

    private static string SnakeCase(string name)
    {
        if (name == "WhatsApp")
        {
            return "whatsapp"; // a brand written as one word
        }

        if (name.All(c => !char.IsLetter(c) || char.IsUpper(c)))
        {
            return name; // an acronym such as NIT or CURP stays as it is
        }

        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
