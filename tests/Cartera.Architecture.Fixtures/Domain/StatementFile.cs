namespace Cartera.Architecture.Fixtures.Domain.Loans;

/// <summary>BROKEN on purpose: a domain type that reads a file (System.IO.File).</summary>
public static class StatementFile
{
    public static string Read(string path) => File.ReadAllText(path);
}
