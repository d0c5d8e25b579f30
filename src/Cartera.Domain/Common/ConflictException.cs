namespace Cartera.Domain.Common;

/// <summary>
/// The request conflicts with the current state (a decision already taken, an idempotency key reused with another body).
/// Like <see cref="DomainException"/> it carries a stable <see cref="Code"/> and the offending <see cref="Field"/>; the
/// web host's one exception handler maps it to 409 problem details, so no endpoint catches it itself.
/// </summary>
public class ConflictException : Exception
{
    public ConflictException(string code, string message, string? field = null)
        : base(message)
    {
        Code = code;
        Field = field;
    }

    public ConflictException()
        : this("conflict", "The request conflicts with the current state.")
    {
    }

    public ConflictException(string message)
        : this("conflict", message)
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "conflict";
    }

    public string Code { get; } = "conflict";

    public string? Field { get; }
}
