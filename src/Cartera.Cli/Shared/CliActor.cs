using Cartera.Application.Audit;

namespace Cartera.Cli.Shared;

internal static class CliActor
{
    /// <summary>The audit identity of whoever runs the CLI: <c>cli:{OS user}</c>, source <c>cli</c>.</summary>
    public static IActor Current { get; } = new FixedActor($"cli:{Environment.UserName}", "cli");
}
