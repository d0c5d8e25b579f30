using System.CommandLine;
using System.Globalization;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Cli.Shared;

namespace Cartera.Cli.Scoring;

/// <summary><c>cartera score activate ID</c>: makes one model the active one (the others are deactivated; audited).</summary>
internal sealed class ScoreActivateCommand : Command
{
    private static readonly Argument<long> Id = new("ID") { Description = "The model id (see cartera score models)." };

    private readonly CliContext _context;

    public ScoreActivateCommand(CliContext context)
        : base("activate", "Make a model of the registry the active one of its purpose (close-of-day scores with the payment model; the credit evaluation uses the application model).")
    {
        _context = context;
        Add(Id);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var id = parseResult.GetValue(Id);
        await new ScoringRegistry(db, _context.Clock).ActivateAsync(id, cancellationToken);
        _context.Out.WriteLine($"model {id.ToString(CultureInfo.InvariantCulture)} is active.");
        return ExitCodes.Ok;
    }
}
