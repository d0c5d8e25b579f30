namespace Cartera.Application.Audit;

/// <summary>Who is acting now, for the audit trail. The web host fills it from the signed-in user, the CLI from the OS user.</summary>
public interface IActor
{
    /// <summary>A stable identifier: <c>user:{id}:{email}</c>, <c>cli:{os-user}</c>, <c>system</c>.</summary>
    string Name { get; }

    /// <summary>IP address, <c>cli</c> or <c>job</c>.</summary>
    string? Source { get; }
}

/// <summary>A fixed actor, for the CLI, jobs and tests.</summary>
public sealed record FixedActor(string Name, string? Source) : IActor
{
    public static readonly FixedActor System = new("system", "job");

    /// <summary>The product itself storing what it ships (default rule sets, default priors), whoever's request triggered it.</summary>
    public static readonly FixedActor Seed = new("system", "seed");
}
