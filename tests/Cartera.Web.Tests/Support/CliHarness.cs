using Cartera.Application.Data;
using Cartera.Cli;
using Cartera.Cli.Shared;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace Cartera.Web.Tests.Support;

/// <summary>The outcome of one in-process run of <c>cartera</c>.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>
/// Runs the CLI in-process against a SQLite file in its own temporary folder, with a plain (non-interactive, no
/// colour) console, and captures standard output and standard error.
/// </summary>
public sealed class CliHarness : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cartera-cli-tests", Guid.NewGuid().ToString("N"));

    public CliHarness()
    {
        Directory.CreateDirectory(_folder);
    }

    public string Folder => _folder;

    public string DatabasePath => Path.Combine(_folder, "cartera.db");

    /// <summary>Pooling off so the temporary folder can be deleted when the test ends.</summary>
    public string ConnectionString => $"Data Source={DatabasePath};Pooling=False";

    public DatabaseOptions Database => new() { Provider = DatabaseOptions.Sqlite, ConnectionString = ConnectionString };

    /// <summary>Runs <c>cartera args…</c> exactly as given.</summary>
    public static Task<CliResult> RunRawAsync(params string[] args) => RunRawAsync(Now, args);

    /// <summary>Runs <c>cartera args…</c> with the clock at <paramref name="now"/>.</summary>
    public static async Task<CliResult> RunRawAsync(DateTimeOffset now, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CarteraCli.RunAsync(args, PlainConsole(output), output, error, new FakeTimeProvider(now), TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>cartera args… --connection "Data Source=…"</c> on this harness's database.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunRawAsync([.. args, "--connection", ConnectionString]);

    public CarteraDbContext Context() => new(CarteraDatabase.Options(Database));

    internal static CliContext CliContext(TextWriter output, TextWriter error) =>
        new(PlainConsole(output), PlainConsole(error), output, error, [], new FakeTimeProvider(Now));

    public static IAnsiConsole PlainConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        return console;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A handle still open on a slow finalizer; the OS cleans the temporary folder.
        }
    }
}
