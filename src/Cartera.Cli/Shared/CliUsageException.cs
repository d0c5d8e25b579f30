namespace Cartera.Cli.Shared;

/// <summary>A command line or configuration that cannot be used; exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
