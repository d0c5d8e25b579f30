namespace Cartera.Domain.Common;

/// <summary>
/// The one exception type for a broken business rule or invalid input. <see cref="Code"/> is a stable,
/// machine-readable snake_case code (for APIs, error reports and tests); <see cref="Field"/> names the offending
/// field when there is one. The web host maps it to RFC 9457 problem details (422), the CLI to a non-zero exit.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string code, string message, string? field = null)
        : base(message)
    {
        Code = code;
        Field = field;
    }

    public DomainException()
        : this("domain_error", "A business rule was violated.")
    {
    }

    public DomainException(string message)
        : this("domain_error", message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "domain_error";
    }

    public string Code { get; } = "domain_error";

    public string? Field { get; }
}
