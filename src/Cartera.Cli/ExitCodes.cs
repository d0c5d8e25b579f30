namespace Cartera.Cli;

/// <summary>The exit codes of <c>cartera</c>; documented in docs/user/cli.md.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something went wrong that the user did not cause directly (database unreachable, I/O, a bug).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: unknown command or option, missing or malformed value, bad configuration.</summary>
    public const int Usage = 2;

    /// <summary>The input was understood and refused: a business rule, a rejected import file, a duplicate user.</summary>
    public const int Rejected = 3;
}
