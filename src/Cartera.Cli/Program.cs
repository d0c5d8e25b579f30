using Spectre.Console;

namespace Cartera.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        await using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        return await CarteraCli.RunAsync(args, console, stdout, Console.Error);
    }
}
