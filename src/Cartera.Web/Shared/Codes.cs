using Cartera.Domain.Common;

namespace Cartera.Web.Shared;

/// <summary>Reads enum codes from API input, naming the field when the code is unknown.</summary>
internal static class Codes
{
    public static T Parse<T>(string? text, string field)
        where T : struct, Enum =>
        EnumCodes.TryParse<T>(text, out var value)
            ? value
            : throw new DomainException(
                string.IsNullOrWhiteSpace(text) ? "required" : "invalid_code",
                $"{field} must be one of: {string.Join(", ", EnumCodes.Codes<T>())}.",
                field);
}
