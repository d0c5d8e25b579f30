using System.CommandLine;
using System.Globalization;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Application.Export;
using Cartera.Cli.Shared;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Sylvan.Data.Csv;

namespace Cartera.Cli.Compliance;

internal sealed class ComplianceCommand : Command
{
    public ComplianceCommand(CliContext context)
        : base("compliance", "Check contact attempts against the rules of each jurisdiction (hours, holidays, frequency, consent).")
    {
        Add(new ComplianceCheckCommand(context));
        Add(new ComplianceCheckFileCommand(context));
        Add(new ComplianceReportCommand(context));
    }

    /// <summary>
    /// One planned attempt as compliance officers describe it: jurisdiction, IANA zone, channel, instant, prior contacts
    /// (<c>channel@instant@outcome;…</c>) and authorized channels. Both commands build their request here, so a file row
    /// and the options mean the same. Fail closed (RULES §7): blank authorized channels authorize none; a blank zone is
    /// the country's only when the country has a single zone (CO), otherwise the attempt is checked without one and
    /// blocked with <c>unknown_time_zone</c>.
    /// </summary>
    internal static ContactRequest Request(string jurisdiction, string? timeZone, string channel, DateTimeOffset at, string? prior, string? authorized)
    {
        var country = Jurisdictions.NormalizeCountry(jurisdiction);
        var contactChannel = ComplianceCodes.ParseChannel(channel);
        return new ContactRequest
        {
            Debtor = new DebtorComplianceProfile
            {
                Jurisdiction = country,
                TimeZone = !string.IsNullOrWhiteSpace(timeZone) ? timeZone.Trim()
                    : Jurisdictions.HasSingleZone(country) ? Jurisdictions.DefaultTimeZone(country, null)
                    : string.Empty,
                AuthorizedChannels = ChannelSet.Parse(authorized),
            },
            Channel = contactChannel,
            At = at,
            Actor = new ContactActor(ActorKind.System, "cli"),
            Prior = ComplianceCodes.ParsePriors(prior),
        };
    }

    /// <summary>An instant in the debtor's local offset (what a collector reads), ISO 8601; empty when there is none.</summary>
    internal static string Instant(DateTimeOffset? at, ContactRequest request) => Instant(at, request.Debtor.TimeZone);

    internal static string Instant(DateTimeOffset? at, string timeZone) =>
        at is null
            ? string.Empty
            : (TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? string.Empty, out var zone) ? TimeZoneInfo.ConvertTime(at.Value, zone) : at.Value)
                .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>cartera compliance check</c>: one attempt, answered allowed or blocked with every reason and the next allowed
/// instant. Without <c>--debtor</c> the profile and history come from the options (a what-if); with
/// <c>--debtor EXTERNAL_ID</c> they come from the stored debtor (consents, overrides, recorded attempts) and the stored
/// rule sets, and <c>--record</c> records the attempt like any channel would.
/// </summary>
internal sealed class ComplianceCheckCommand : Command
{
    private static readonly Option<string?> Debtor = new("--debtor") { Description = "External id of a stored debtor: use their profile, consents, overrides and recorded attempts.", HelpName = "ID" };
    private static readonly Option<string?> Jurisdiction = new("--jurisdiction") { Description = "Country whose rules apply: CO, MX, US, ES (required without --debtor).", HelpName = "COUNTRY" };
    private static readonly Option<string?> TimeZone = new("--time-zone") { Description = "The debtor's IANA time zone (default: the country's zone where it has only one, as CO; otherwise blocked as unknown_time_zone).", HelpName = "ZONE" };
    private static readonly Option<string> Channel = new("--channel") { Description = "calls, sms, email, whatsapp, letters or visits (call, letter, visit also accepted).", HelpName = "CHANNEL", Required = true };
    private static readonly Option<DateTimeOffset> At = new("--at") { Description = "The instant of the attempt, ISO 8601 with offset (2027-03-22T10:00:00-05:00).", HelpName = "INSTANT", Required = true };
    private static readonly Option<string?> Prior = new("--prior") { Description = "Prior contacts: channel@instant@outcome;… (outcome attempt or conversation). Not with --debtor.", HelpName = "LIST" };
    private static readonly Option<string?> Authorized = new("--authorized") { Description = "Channels the debtor authorized, ;-separated (default: none, so a channel that needs consent is blocked as unauthorized_channel). Not with --debtor.", HelpName = "LIST" };
    private static readonly Option<string> Purpose = new("--purpose") { Description = "With --debtor: the consent purpose (collection, reminders, marketing).", HelpName = "PURPOSE", DefaultValueFactory = _ => "collection" };
    private static readonly Option<bool> Record = new("--record") { Description = "With --debtor: record the attempt in the debtor's history (allowed or blocked)." };

    private readonly CliContext _context;

    public ComplianceCheckCommand(CliContext context)
        : base("check", "Check one planned contact attempt.")
    {
        _context = context;
        Add(Debtor);
        Add(Jurisdiction);
        Add(TimeZone);
        Add(Channel);
        Add(At);
        Add(Prior);
        Add(Authorized);
        Add(Purpose);
        Add(Record);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(Debtor) is { Length: > 0 } externalId)
        {
            return await CheckStoredDebtorAsync(parseResult, externalId.Trim(), cancellationToken);
        }

        if (parseResult.GetValue(Record))
        {
            throw new CliUsageException("--record needs --debtor: only a stored debtor has a history to record in.");
        }

        var jurisdiction = parseResult.GetValue(Jurisdiction) ?? throw new CliUsageException("--jurisdiction is required without --debtor.");
        var request = ComplianceCommand.Request(
            jurisdiction, parseResult.GetValue(TimeZone), parseResult.GetRequiredValue(Channel),
            parseResult.GetValue(At), parseResult.GetValue(Prior), parseResult.GetValue(Authorized));
        Print(ComplianceGate.Default.Check(request), request.At, request.Debtor.TimeZone);
        return ExitCodes.Ok;
    }

    private async Task<int> CheckStoredDebtorAsync(ParseResult parseResult, string externalId, CancellationToken cancellationToken)
    {
        foreach (var option in new Option[] { Jurisdiction, TimeZone, Prior, Authorized })
        {
            if (parseResult.GetResult(option) is not null)
            {
                throw new CliUsageException($"{option.Name} cannot be used with --debtor: the stored debtor's data is used.");
            }
        }

        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var services = _context.Services(database);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarteraDbContext>();
        var debtorId = await db.Debtors.Where(d => d.ExternalId == externalId).Select(d => (long?)d.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new DomainException("not_found", $"No debtor with external id '{externalId}'.", "debtor");
        var gate = scope.ServiceProvider.GetRequiredService<ContactGate>();
        var request = new ContactGateRequest(
            debtorId,
            ComplianceCodes.ParseChannel(parseResult.GetRequiredValue(Channel)),
            EnumCodes.Parse<ConsentPurpose>(parseResult.GetRequiredValue(Purpose)),
            parseResult.GetValue(At),
            new ContactActor(ActorKind.System, _context.Actor.Name));
        var record = parseResult.GetValue(Record);
        var result = record ? await gate.CheckAsync(request, cancellationToken) : await gate.PreviewAsync(request, cancellationToken);
        Print(result.Decision, request.At, result.Profile.TimeZone);
        if (result.AttemptId is { } attemptId)
        {
            _context.Out.WriteLine($"recorded: attempt {attemptId.ToString(CultureInfo.InvariantCulture)}");
        }

        return ExitCodes.Ok;
    }

    private void Print(ComplianceDecision decision, DateTimeOffset at, string timeZone)
    {
        _context.Out.WriteLine(decision.Allowed ? "allowed" : "blocked");
        _context.Out.WriteLine($"reasons: {ComplianceCodes.Join(decision.Reasons)}");
        _context.Out.WriteLine($"next_allowed_at: {ComplianceCommand.Instant(decision.Allowed ? at : decision.NextAllowedAt, timeZone)}");
        _context.Out.WriteLine($"rule_set: {decision.RuleSetVersion}");
    }
}

/// <summary>
/// <c>cartera compliance report --from D --to D [--format table|csv]</c>: the attempts the gate recorded in the period
/// (UTC dates, both inclusive) — total, by channel, by actor, by reason.
/// </summary>
internal sealed class ComplianceReportCommand : Command
{
    private static readonly Option<DateOnly> From = new("--from") { Description = "First UTC date of the period (YYYY-MM-DD).", HelpName = "DATE", Required = true };
    private static readonly Option<DateOnly> To = new("--to") { Description = "Last UTC date of the period (YYYY-MM-DD), inclusive.", HelpName = "DATE", Required = true };
    private static readonly Option<string> Format = FormatOptions.Of("table", "csv");

    private readonly CliContext _context;

    public ComplianceReportCommand(CliContext context)
        : base("report", "Contact attempts in a period: allowed, blocked, by channel, actor and reason.")
    {
        _context = context;
        Add(From);
        Add(To);
        Add(Format);
        SetAction(ExecuteAsync);
    }


    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var rows = await new ComplianceReport(db).RunAsync(parseResult.GetValue(From), parseResult.GetValue(To), cancellationToken);
        if (parseResult.GetRequiredValue(Format) == "csv")
        {
            await _context.Out.WriteLineAsync("dimension,key,attempts,allowed,blocked");
            foreach (var row in rows)
            {
                await _context.Out.WriteLineAsync(CsvText.Line([row.Dimension, row.Key, Count(row.Attempts), Count(row.Allowed), Count(row.Blocked)]));
            }

            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("dimension", "key").AddColumn(new TableColumn("attempts").RightAligned()).AddColumn(new TableColumn("allowed").RightAligned()).AddColumn(new TableColumn("blocked").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Dimension), Markup.Escape(row.Key), Count(row.Attempts), Count(row.Allowed), Count(row.Blocked));
        }

        _context.Console.Write(table);
        return ExitCodes.Ok;
    }

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>cartera compliance check-file attempts.csv --out results.csv</c>: tests a planned campaign. Every row is read
/// first; a row that cannot be read is reported with its row and column and no result file is written.
/// </summary>
internal sealed class ComplianceCheckFileCommand : Command
{
    private static readonly string[] Columns = ["case_id", "jurisdiction", "time_zone", "channel", "attempt_at", "prior", "authorized_channels"];
    private static readonly Argument<FileInfo> Input = new("file") { Description = "CSV with columns " + string.Join(", ", Columns) + "." };
    private static readonly Option<FileInfo> Output = new("--out") { Description = "Result CSV: case_id, outcome, reasons, next_allowed_at.", HelpName = "FILE", Required = true };

    private readonly CliContext _context;

    public ComplianceCheckFileCommand(CliContext context)
        : base("check-file", "Check every planned attempt of a CSV file.")
    {
        _context = context;
        Add(Input);
        Add(Output);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var input = parseResult.GetRequiredValue(Input);
        if (!input.Exists)
        {
            await _context.Error.WriteLineAsync($"error: {input.FullName} does not exist.");
            return ExitCodes.Usage;
        }

        var cases = new List<(string Id, ContactRequest Request)>();
        var errors = new List<string>();
        await using (var csv = await CsvDataReader.CreateAsync(input.FullName, new CsvDataReaderOptions { HasHeaders = true }, cancellationToken))
        {
            var missing = Columns.Where(c => !Enumerable.Range(0, csv.FieldCount).Any(i => string.Equals(csv.GetName(i), c, StringComparison.OrdinalIgnoreCase))).ToList();
            if (missing.Count > 0)
            {
                await _context.Error.WriteLineAsync($"error: row 1: missing column(s) {string.Join(", ", missing)}.");
                return ExitCodes.Rejected;
            }

            var row = 1;
            while (await csv.ReadAsync(cancellationToken))
            {
                row++;
                string Cell(string name) => csv.GetString(csv.GetOrdinal(name)).Trim();
                var column = "attempt_at";
                try
                {
                    if (!DateTimeOffset.TryParse(Cell(column), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                    {
                        throw new DomainException("invalid_date", $"'{Cell(column)}' is not an ISO 8601 instant.", column);
                    }

                    column = "row";
                    cases.Add((Cell("case_id"), ComplianceCommand.Request(Cell("jurisdiction"), Cell("time_zone"), Cell("channel"), at, Cell("prior"), Cell("authorized_channels"))));
                }
                catch (Exception e) when (e is DomainException or TimeZoneNotFoundException)
                {
                    var field = (e as DomainException)?.Field ?? (e is TimeZoneNotFoundException ? "time_zone" : column);
                    errors.Add($"row {row}, column {field}: {e.Message}");
                }
            }
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await _context.Error.WriteLineAsync($"error: {error}");
            }

            await _context.Error.WriteLineAsync($"{errors.Count} row(s) could not be read; no result was written.");
            return ExitCodes.Rejected;
        }

        var output = parseResult.GetRequiredValue(Output);
        await using (var writer = new StreamWriter(output.FullName, append: false, CsvText.Utf8NoBom))
        {
            await writer.WriteLineAsync("case_id,outcome,reasons,next_allowed_at");
            foreach (var (id, request) in cases)
            {
                var decision = ComplianceGate.Default.Check(request);
                var next = decision.Allowed ? request.At : decision.NextAllowedAt;
                await writer.WriteLineAsync(CsvText.Line([id, decision.Allowed ? "allowed" : "blocked", ComplianceCodes.Join(decision.Reasons), ComplianceCommand.Instant(next, request)]));
            }
        }

        await _context.Error.WriteLineAsync($"{cases.Count} attempt(s) checked → {output.FullName}");
        return ExitCodes.Ok;
    }
}
