using System.CommandLine;
using System.Globalization;
using Cartera.Application;
using Cartera.Application.CloseOfDay;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli.CloseOfDay;

/// <summary>
/// <c>cartera close-of-day --date D</c> or <c>--through D [--from D]</c>: closes business dates in order (docs/user/close-of-day.md),
/// with a progress display (date, partitions, obligations/s); <c>cartera close-of-day status</c> shows where it stands.
/// A gap or an earlier date is refused with <see cref="ExitCodes.Rejected"/>.
/// </summary>
internal sealed class CloseOfDayCommand : Command
{
    private static readonly Option<string?> Date = new("--date") { Description = "Close this one date (yyyy-MM-dd): the day after the last closed one.", HelpName = "yyyy-MM-dd" };

    private static readonly Option<string?> Through = new("--through") { Description = "Close every date up to this one (yyyy-MM-dd).", HelpName = "yyyy-MM-dd" };

    private static readonly Option<string?> From = new("--from")
    {
        Description = "With --through on a portfolio never closed: the first date (default: the earliest issue date).",
        HelpName = "yyyy-MM-dd",
    };

    private static readonly Option<int?> Partitions = new("--partitions") { Description = "Partitions of the snapshot step (default: CloseOfDay:Partitions, 32).", HelpName = "N" };

    private readonly CliContext _context;

    public CloseOfDayCommand(CliContext context)
        : base("close-of-day", "Close business dates: days past due, arrears interest, buckets, classification, provisions, snapshots.")
    {
        _context = context;
        Add(Date);
        Add(Through);
        Add(From);
        Add(Partitions);
        Add(new CloseOfDayStatusCommand(context));
        SetAction(ExecuteAsync);
    }

    internal static DateOnly? ParseDate(string? text, string option) =>
        text is null
            ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new CliUsageException($"{option} must be a date as yyyy-MM-dd, not '{text}'.");

    internal static CloseOfDayOptions RunOptions(CliContext context, int? partitions, string runBy)
    {
        var configuration = context.Configuration();
        var options = new CloseOfDayOptions { RunBy = runBy };
        if ((partitions ?? (int.TryParse(configuration["CloseOfDay:Partitions"], CultureInfo.InvariantCulture, out var p) ? p : null)) is { } count)
        {
            options = count > 0 ? options with { Partitions = count } : throw new CliUsageException("--partitions must be positive.");
        }

        // Testing hook (crash test): a pause after each partition so a kill lands in the middle of a run.
        if (int.TryParse(configuration["CloseOfDay:PauseBetweenPartitionsMs"], CultureInfo.InvariantCulture, out var pause) && pause > 0)
        {
            options = options with { PauseBetweenPartitions = TimeSpan.FromMilliseconds(pause) };
        }

        return options;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var date = ParseDate(parseResult.GetValue(Date), "--date");
        var through = ParseDate(parseResult.GetValue(Through), "--through");
        var from = ParseDate(parseResult.GetValue(From), "--from");
        if (date is null == through is null)
        {
            throw new CliUsageException("Give either --date D or --through D (see 'cartera close-of-day --help'); 'cartera close-of-day status' shows where the close stands.");
        }

        if (from is not null && through is null)
        {
            throw new CliUsageException("--from goes with --through.");
        }

        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        var runner = CloseOfDayPlugins.Default.Runner(new(database, _context.Clock, _context.Actor), RunOptions(_context, parseResult.GetValue(Partitions), _context.Actor.Name));
        _context.Console.MarkupLineInterpolated($"Close of day on {CliContext.Describe(database)}");

        var started = _context.Clock.GetTimestamp();
        var last = started;
        var progress = new SyncProgress<CloseOfDayProgress>(p =>
        {
            var now = _context.Clock.GetTimestamp();
            if (p.Step != CloseOfDaySteps.Snapshots || (_context.Clock.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1) && p.Partition != p.Partitions))
            {
                return;
            }

            last = now;
            var seconds = Math.Max(p.Elapsed.TotalSeconds, 0.001);
            _context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Date:yyyy-MM-dd}  partition {p.Partition}/{p.Partitions}  {p.ObligationsDone:N0} obligations  {p.ObligationsDone / seconds:N0} obligations/s"));
        });

        var result = date is { } d
            ? await runner.RunAsync(d, progress, cancellationToken)
            : await runner.RunThroughAsync(through!.Value, from, progress, cancellationToken);

        foreach (var day in result.Dates)
        {
            if (day.AlreadyClosed)
            {
                continue;
            }

            var snapshots = day.Steps.FirstOrDefault(s => s.Step == CloseOfDaySteps.Snapshots);
            var recompute = day.Steps.FirstOrDefault(s => s.Step == CloseOfDaySteps.Recompute && s.Partitions > 0);
            var seconds = Math.Max(day.Elapsed.TotalSeconds, 0.001);
            _context.Console.MarkupLineInterpolated(
                $"[green]{day.Date:yyyy-MM-dd} closed[/]{(day.Resumed ? " (resumed)" : string.Empty)}: {day.Obligations.ToString("N0", CultureInfo.InvariantCulture)} obligations in {(snapshots?.Partitions ?? 0).ToString(CultureInfo.InvariantCulture)} partitions, {seconds.ToString("N1", CultureInfo.InvariantCulture)} s, {(day.Obligations / seconds).ToString("N0", CultureInfo.InvariantCulture)} obligations/s");
            if (recompute?.Note is { } note)
            {
                _context.Console.MarkupLineInterpolated($"  recompute: {note}");
            }
        }

        if (result.Message is { } message)
        {
            _context.Console.MarkupLineInterpolated($"{message}");
        }

        WriteMissingCaps(_context, result.MissingCapMonths);

        var closed = result.Dates.Count(d => !d.AlreadyClosed);
        if (closed > 1)
        {
            var total = Math.Max(_context.Clock.GetElapsedTime(started).TotalSeconds, 0.001);
            _context.Console.MarkupLineInterpolated($"[green]{closed.ToString(CultureInfo.InvariantCulture)} dates closed[/] ({result.Dates.First(d => !d.AlreadyClosed).Date:yyyy-MM-dd} to {result.Dates[^1].Date:yyyy-MM-dd}), {total.ToString("N1", CultureInfo.InvariantCulture)} s.");
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The warning of a close that computed arrears with a cap carried forward: the months without a cap row, per
    /// modality (docs/user/rates.md). The close still succeeds; the snapshots are marked cap_assumed.
    /// </summary>
    internal static void WriteMissingCaps(CliContext context, IReadOnlyList<MissingCapMonth> missing)
    {
        if (missing.Count == 0)
        {
            return;
        }

        foreach (var group in missing.GroupBy(m => m.Modality, StringComparer.Ordinal))
        {
            var months = string.Join(", ", group.Select(m => m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)));
            context.Console.MarkupLineInterpolated(
                $"[yellow]Warning: no legal cap row for {group.Key} in {months}[/]: the last published cap was carried forward and those snapshots are marked cap_assumed. Import the certifications with 'cartera rates import' (the closed dates are recomputed at the next close).");
            context.Console.MarkupLineInterpolated(
                $"[yellow]Aviso: sin tasa de usura para {group.Key} en {months}[/]: se usó la última publicada y esos estados de mora quedan marcados cap_assumed (tasa supuesta).");
        }
    }
}

/// <summary><c>cartera close-of-day status</c>: the last closed date, the open one and the progress of its steps.</summary>
internal sealed class CloseOfDayStatusCommand : Command
{
    private readonly CliContext _context;

    public CloseOfDayStatusCommand(CliContext context)
        : base("status", "Show the last closed date, the open (interrupted) date and the progress of each step.")
    {
        _context = context;
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        var status = await new CloseOfDayRunner(database, _context.Clock, _context.Actor).StatusAsync(cancellationToken);
        static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";
        _context.Console.MarkupLineInterpolated($"Last closed date: [bold]{Day(status.LastClosed)}[/]");
        _context.Console.MarkupLineInterpolated($"Open date: [bold]{Day(status.Open)}[/]{(status.Open is null ? string.Empty : " (its close was interrupted: run close-of-day --date " + Day(status.Open) + " to resume)")}");
        if (status.Shown is { } shown)
        {
            var table = new Table().Title($"Steps of {Day(shown)}").AddColumn("Step").AddColumn(new TableColumn("Done").RightAligned())
                .AddColumn(new TableColumn("Obligations").RightAligned()).AddColumn("Note");
            foreach (var step in status.Steps)
            {
                table.AddRow(
                    Markup.Escape(step.Step),
                    string.Create(CultureInfo.InvariantCulture, $"{step.Done}/{step.Partitions}"),
                    step.Obligations.ToString("N0", CultureInfo.InvariantCulture),
                    Markup.Escape(step.Note ?? string.Empty));
            }

            _context.Console.Write(table);
        }

        return ExitCodes.Ok;
    }
}
