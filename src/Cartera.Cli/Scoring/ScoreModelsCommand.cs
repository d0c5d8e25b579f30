using System.CommandLine;
using System.Globalization;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Cli.Shared;

namespace Cartera.Cli.Scoring;

/// <summary><c>cartera score models</c>: the registry.</summary>
internal sealed class ScoreModelsCommand : Command
{
    private readonly CliContext _context;

    public ScoreModelsCommand(CliContext context)
        : base("models", "List the models in the registry with their purpose (payment or application; the active one of each purpose is marked).")
    {
        _context = context;
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var models = await new ScoringRegistry(db, _context.Clock).ListAsync(cancellationToken);
        if (models.Count == 0)
        {
            _context.Out.WriteLine("No models: train one with cartera score portfolio-train.");
            return ExitCodes.Ok;
        }

        var i = CultureInfo.InvariantCulture;
        _context.Out.WriteLine("id\tpurpose\tactive\tversion\tkind\tdata_as_of\trows\ttrained_by\ttrained_at");
        foreach (var m in models)
        {
            _context.Out.WriteLine(string.Join('\t', m.Id.ToString(i), m.Purpose, m.Active ? "*" : string.Empty, m.Version, m.Algorithm, m.DataAsOf.ToString("yyyy-MM-dd", i), m.Rows.ToString(i), m.TrainedBy, m.TrainedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", i)));
        }

        return ExitCodes.Ok;
    }
}
