using System.Collections.Concurrent;
using System.Text;

namespace Cartera.Domain.Common;

/// <summary>
/// The one mapping between enum members and their text codes: <c>ConstantPrincipal</c> ⇄ <c>constant_principal</c>,
/// <c>WhatsApp</c> ⇄ <c>whatsapp</c>, <c>NIT</c> ⇄ <c>NIT</c> for upper-case acronyms. Used by the database, files and the API.
/// Parsing is case-insensitive and also accepts the member name itself.
/// </summary>
public static class EnumCodes
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<Enum, string> ToCode, Dictionary<string, Enum> FromCode)> Maps = new();

    /// <exception cref="ArgumentOutOfRangeException">for a value that is not a member of <typeparamref name="T"/>.</exception>
    public static string ToCode<T>(T value)
        where T : struct, Enum =>
        Map(typeof(T)).ToCode.TryGetValue(value, out var code)
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

        if (Map(typeof(T)).FromCode.TryGetValue(text.Trim(), out var found))
        {
            value = (T)found;
            return true;
        }

        return false;
    }

    public static T Parse<T>(string text)
        where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw new DomainException("invalid_code", $"'{text}' is not one of: {string.Join(", ", Codes<T>())}.");

    public static IReadOnlyList<string> Codes<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(v => ToCode(v)).ToList();

    private static (Dictionary<Enum, string> ToCode, Dictionary<string, Enum> FromCode) Map(Type type) =>
        Maps.GetOrAdd(type, t =>
        {
            var to = new Dictionary<Enum, string>();
            var from = new Dictionary<string, Enum>(StringComparer.OrdinalIgnoreCase);
            foreach (Enum v in Enum.GetValues(t))
            {
                var name = v.ToString();
                var code = SnakeCase(name);
                to[v] = code;
                from[code] = v;
                from[name] = v;
            }

            return (to, from);
        });

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
