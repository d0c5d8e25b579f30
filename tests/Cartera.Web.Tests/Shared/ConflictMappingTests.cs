using System.Reflection;
using Cartera.Domain.Common;

namespace Cartera.Web.Tests.Shared;

/// <summary>Conflicts reach the client through the one exception handler, not through catch blocks in endpoints.</summary>
public sealed class ConflictMappingTests
{
    [Fact]
    public void No_API_endpoint_catches_a_conflict_itself()
    {
        var apiTypes = typeof(CarteraWebApp).Assembly.GetTypes()
            .Where(t => OuterMost(t).Name.EndsWith("Api", StringComparison.Ordinal));
        var catching = apiTypes
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetMethodBody()?.ExceptionHandlingClauses.Any(c => c.Flags == ExceptionHandlingClauseOptions.Clause && c.CatchType is { } type && typeof(ConflictException).IsAssignableFrom(type)) == true)
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToList();
        catching.ShouldBeEmpty("a ConflictException is answered 409 by ProblemExceptionHandler");
    }

    [Fact]
    public void The_scanner_finds_a_catch_of_a_conflict()
    {
        // The rule above can fail: a method that does what it forbids is found by the same reading.
        var method = typeof(ConflictMappingTests).GetMethod(nameof(Sample), BindingFlags.NonPublic | BindingFlags.Static)!;
        method.GetMethodBody()!.ExceptionHandlingClauses
            .ShouldContain(c => c.Flags == ExceptionHandlingClauseOptions.Clause && c.CatchType == typeof(ConflictException));
    }

    private static Type OuterMost(Type t)
    {
        while (t.DeclaringType is not null)
        {
            t = t.DeclaringType;
        }

        return t;
    }

    private static string Sample()
    {
        try
        {
            throw new ConflictException("x", "y");
        }
        catch (ConflictException e)
        {
            return e.Code;
        }
    }
}
