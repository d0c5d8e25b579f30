using System.CommandLine;
using System.Globalization;
using Cartera.Application.Collection.Visits;
using Cartera.Application.Export;
using Cartera.Cli.Shared;
using Cartera.Domain.Common;

namespace Cartera.Cli.Collection.Visits;

/// <summary><c>cartera visits</c>: field visits (docs/user/collection.md, "Visitas y citas").</summary>
internal sealed class VisitsCommand : Command
{
    public VisitsCommand(CliContext context)
        : base("visits", "Field visits: the day's list of visits in route order.")
    {
        Add(new VisitsListCommand(context));
    }
}

/// <summary>
/// <c>cartera visits list --date D [--agent EMAIL] --format csv</c>: the visits planned on D (of one field agent, or
/// all), in route order (area, address, visit id), as CSV with the columns <see cref="Header"/>.
/// </summary>
internal sealed class VisitsListCommand : Command
{
    public static readonly string[] Header = ["order", "visit_id", "planned_on", "agent_email", "area", "address", "debtor_id", "purpose", "status"];

    private static readonly Option<string> Date = new("--date", "-d") { Description = "The planned date (YYYY-MM-DD).", HelpName = "D", Required = true };

    private static readonly Option<string?> Agent = new("--agent", "-a") { Description = "Only this field agent's visits (e-mail).", HelpName = "EMAIL" };

    private static readonly Option<string> Format = CreateFormat();

    private readonly CliContext _context;

    public VisitsListCommand(CliContext context)
        : base("list", "The visits planned on a date in route order (area, address, visit id), as CSV.")
    {
        _context = context;
        Add(Date);
        Add(Agent);
        Add(Format);
        SetAction(ExecuteAsync);
    }

    private static Option<string> CreateFormat()
    {
        var option = new Option<string>("--format", "-f") { Description = "Output format.", HelpName = "csv", Required = true };
        option.AcceptOnlyFromAmong("csv");
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(parseResult.GetRequiredValue(Date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new CliUsageException("--date must be YYYY-MM-DD.");
        }

        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var services = _context.Services(database);
        await using var scope = services.CreateAsyncScope();
        var visits = scope.ServiceProvider.GetRequiredService<FieldVisits>();
        string? agentId = null;
        if (parseResult.GetValue(Agent) is { Length: > 0 } email)
        {
            agentId = await visits.UserIdByEmailAsync(email, cancellationToken) ?? throw new CliUsageException($"No user has the e-mail {email}.");
        }

        var rows = await visits.ListAsync(date, agentId, VisitScope.All, cancellationToken);
        await _context.Out.WriteLineAsync(CsvText.Line(Header));
        var order = 0;
        foreach (var v in rows)
        {
            await _context.Out.WriteLineAsync(CsvText.Line(
            [
                (++order).ToString(CultureInfo.InvariantCulture),
                v.Id.ToString(CultureInfo.InvariantCulture),
                v.PlannedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                v.AgentEmail,
                v.Area,
                v.Address,
                v.DebtorExternalId,
                EnumCodes.ToCode(v.Purpose),
                EnumCodes.ToCode(v.Status),
            ]));
        }

        await _context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
