using System.CommandLine;

namespace Cartera.Cli.Shared;

/// <summary>The <c>--format</c> option of the commands that print rows: two formats, the first the default.</summary>
internal static class FormatOptions
{
    public static Option<string> Of(string first, string second)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = $"{first} (default) or {second} on standard output.",
            HelpName = $"{first}|{second}",
            DefaultValueFactory = _ => first,
        };
        option.AcceptOnlyFromAmong(first, second);
        return option;
    }
}
