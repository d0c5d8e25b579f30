using System.CommandLine;
using System.CommandLine.Help;
using Cartera.Cli.CloseOfDay;
using Cartera.Cli.Collection.Agreements;
using Cartera.Cli.Collection.Assignments;
using Cartera.Cli.Collection.Visits;
using Cartera.Cli.Compliance;
using Cartera.Cli.Delinquency;
using Cartera.Cli.Demo;
using Cartera.Cli.Export;
using Cartera.Cli.Identity;
using Cartera.Cli.Import;
using Cartera.Cli.Kpis;
using Cartera.Cli.Scoring;
using Cartera.Cli.Shared;
using Cartera.Cli.Strategies;
using Cartera.Domain.Common;
using Spectre.Console;

namespace Cartera.Cli;

/// <summary>
/// The <c>cartera</c> command line. <see cref="Program.Main"/> calls <see cref="RunAsync"/> with the process's
/// console; tests call it in-process with their own writers and read the exit code and the output.
/// </summary>
public static class CarteraCli
{
    public static async Task<int> RunAsync(
        string[] args,
        IAnsiConsole console,
        TextWriter stdout,
        TextWriter stderr,
        TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var errorConsole = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = console.Profile.Capabilities.Ansi ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.Profile.Capabilities.Ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        var (commandArguments, configurationArguments) = SplitConfigurationArguments(args);
        var context = new CliContext(console, errorConsole, stdout, stderr, configurationArguments, clock ?? TimeProvider.System);
        var root = CreateRootCommand(context);
        var parseResult = root.Parse(commandArguments);

        if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpAction)
        {
            foreach (var error in parseResult.Errors)
            {
                errorConsole.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            }

            errorConsole.MarkupLineInterpolated($"Run '{CommandPath(parseResult)} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (CliUsageException e)
        {
            errorConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Usage;
        }
        catch (DomainException e)
        {
            var field = e.Field is null ? string.Empty : $", {e.Field}";
            errorConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message} ({e.Code}{field})");
            return ExitCodes.Rejected;
        }
        catch (OperationCanceledException)
        {
            errorConsole.MarkupLine("[yellow]cancelled[/]");
            return ExitCodes.Failure;
        }
#pragma warning disable CA1031 // The CLI's last line of defence: a clear message and a non-zero exit, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var message = e.InnerException is { } inner && e is Microsoft.EntityFrameworkCore.DbUpdateException ? inner.Message : e.Message;
            errorConsole.MarkupLineInterpolated($"[red]error:[/] {message}");
            return ExitCodes.Failure;
        }
    }

    internal static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand("Cartera: credit portfolio and debt collection. Serve the web app, migrate the database, import, export, generate demo data, add users, train and evaluate risk scores.")
        {
            GlobalOptions.Provider,
            GlobalOptions.Connection,
            new ServeCommand(context),
            new DbCommand(context),
            new ImportCommand(context),
            new ExportCommand(context),
            new DemoCommand(context),
            new UsersCommand(context),
            new CalendarCommand(context),
            new ComplianceCommand(context),
            new RatesCommand(context),
            new ProductsCommand(context),
            new ScoreCommand(context),
            new CloseOfDayCommand(context),
            new AssignmentsCommand(context),
            new AgreementsCommand(context),
            new VisitsCommand(context),
            new Communications.TemplatesCommand(context),
            new Communications.LettersCommand(context),
            new StrategiesCommand(context),
            new KpiCommand(context),
            new Bureau.BureauCommand(context),
            new Disputes.DisputesCommand(context),
        };
        return root;
    }

    /// <summary>
    /// Takes out the .NET configuration style arguments (<c>--Database:Provider=postgres</c>,
    /// <c>--ConnectionStrings:Cartera "Host=…"</c>): they feed the configuration, not the parser.
    /// </summary>
    internal static (string[] Command, string[] Configuration) SplitConfigurationArguments(IReadOnlyList<string> args)
    {
        var command = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..].Split('=', 2)[0] : string.Empty;
            if (name.Contains(':', StringComparison.Ordinal))
            {
                configuration.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    configuration.Add(args[++i]);
                }
            }
            else
            {
                command.Add(arg);
            }
        }

        return (command.ToArray(), configuration.ToArray());
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "cartera" : result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
