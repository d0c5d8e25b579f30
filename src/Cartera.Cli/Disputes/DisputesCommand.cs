using System.CommandLine;
using System.Globalization;
using Cartera.Application.Disputes;
using Cartera.Cli.CloseOfDay;
using Cartera.Cli.Shared;
using Cartera.Domain.Common;
using Cartera.Domain.Disputes;
using Spectre.Console;

namespace Cartera.Cli.Disputes;

/// <summary><c>cartera disputes</c>: dispute cases (reclamos) — open, list, resolve (docs/user/disputes.md).</summary>
internal sealed class DisputesCommand : Command
{
    public DisputesCommand(CliContext context)
        : base("disputes", "Disputes (reclamos): while one is open the debtor is not contacted and the bureau report marks it; answer within 15 business days.")
    {
        Add(new DisputesOpenCommand(context));
        Add(new DisputesListCommand(context));
        Add(new DisputesResolveCommand(context));
    }

    internal static T Code<T>(string text, string option)
        where T : struct, Enum =>
        EnumCodes.TryParse<T>(text, out var value)
            ? value
            : throw new CliUsageException($"{option} must be one of {string.Join(", ", EnumCodes.Codes<T>())}, not '{text}'.");
}

/// <summary><c>cartera disputes open --debtor ID [--obligation ID] --reason CODE --description TEXT [--received-on DATE] [--evidence REF]…</c>: prints the dispute's id and answer deadline.</summary>
internal sealed class DisputesOpenCommand : Command
{
    private static readonly Option<string> Debtor = new("--debtor") { Description = "The debtor's external id.", HelpName = "ID", Required = true };
    private static readonly Option<string?> Obligation = new("--obligation") { Description = "The disputed obligation's external id (needed for an adjustment, cancellation or bureau correction).", HelpName = "ID" };
    private static readonly Option<string> Reason = new("--reason") { Description = "not_mine, wrong_amount, already_paid, fraud or service.", HelpName = "CODE", Required = true };
    private static readonly Option<string> DescriptionText = new("--description") { Description = "What the debtor claims.", HelpName = "TEXT", Required = true };
    private static readonly Option<string?> ReceivedOn = new("--received-on") { Description = "The date the dispute was received (yyyy-MM-dd, default today): day zero of the 15 business days.", HelpName = "DATE" };
    private static readonly Option<string[]> Evidence = new("--evidence") { Description = "A reference of the evidence (document, file, message); repeat for several.", HelpName = "REF", AllowMultipleArgumentsPerToken = false };

    private readonly CliContext _context;

    public DisputesOpenCommand(CliContext context)
        : base("open", "Open a dispute: sets the debtor's dispute hold (no contact; bureau report marks it) and computes the answer deadline.")
    {
        _context = context;
        Add(Debtor);
        Add(Obligation);
        Add(Reason);
        Add(DescriptionText);
        Add(ReceivedOn);
        Add(Evidence);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var reason = DisputesCommand.Code<DisputeReason>(parseResult.GetRequiredValue(Reason), "--reason");
        var received = CloseOfDayCommand.ParseDate(parseResult.GetValue(ReceivedOn), "--received-on");
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var dispute = await new DisputeCases(db, _context.Clock).OpenAsync(
            new DisputeOpenRequest(parseResult.GetRequiredValue(Debtor), parseResult.GetValue(Obligation), reason, parseResult.GetRequiredValue(DescriptionText), parseResult.GetValue(Evidence) ?? [], received),
            cancellationToken);
        var inv = CultureInfo.InvariantCulture;
        _context.Out.WriteLine(string.Create(inv, $"dispute {dispute.Id}: open, received_on {dispute.ReceivedOn:yyyy-MM-dd}, answer_deadline {dispute.AnswerDeadline:yyyy-MM-dd}; dispute hold set"));
        return ExitCodes.Ok;
    }
}

/// <summary><c>cartera disputes list [--status open|upheld|rejected] [--overdue] [--format csv|table]</c>.</summary>
internal sealed class DisputesListCommand : Command
{
    /// <summary>The columns of the list, in this order.</summary>
    internal static readonly string[] Columns =
        ["id", "debtor_id", "obligation_id", "reason", "status", "received_on", "answer_deadline", "overdue", "action", "resolved_on", "resolved_by", "evidence", "description", "resolution_note"];

    private static readonly Option<string?> Status = CreateStatus();
    private static readonly Option<bool> Overdue = new("--overdue") { Description = "Only open disputes past their answer deadline." };
    private static readonly Option<string> Format = FormatOptions.Of("table", "csv");

    private readonly CliContext _context;

    public DisputesListCommand(CliContext context)
        : base("list", "List disputes, oldest first; --overdue lists the open ones past their legal answer deadline.")
    {
        _context = context;
        Add(Status);
        Add(Overdue);
        Add(Format);
        SetAction(ExecuteAsync);
    }

    private static Option<string?> CreateStatus()
    {
        var option = new Option<string?>("--status") { Description = "open, upheld or rejected (default: all).", HelpName = "open|upheld|rejected" };
        option.AcceptOnlyFromAmong("open", "upheld", "rejected");
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        DisputeStatus? status = parseResult.GetValue(Status) is { } text ? DisputesCommand.Code<DisputeStatus>(text, "--status") : null;
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var rows = (await new DisputeCases(db, _context.Clock).ListAsync(status, parseResult.GetValue(Overdue), ct: cancellationToken)).Select(Row).ToList();
        return await RowsOutput.WriteAsync(_context, parseResult.GetRequiredValue(Format), Columns, rows, cancellationToken);
    }

    private static string[] Row(DisputeView view)
    {
        var d = view.Case;
        var inv = CultureInfo.InvariantCulture;
        return
        [
            d.Id.ToString(inv), view.DebtorExternalId, view.ObligationExternalId ?? string.Empty, EnumCodes.ToCode(d.Reason), EnumCodes.ToCode(d.Status),
            d.ReceivedOn.ToString("yyyy-MM-dd", inv), d.AnswerDeadline.ToString("yyyy-MM-dd", inv), view.Overdue ? "yes" : "no",
            d.Action is { } action ? EnumCodes.ToCode(action) : string.Empty, d.ResolvedOn?.ToString("yyyy-MM-dd", inv) ?? string.Empty, d.ResolvedBy ?? string.Empty,
            string.Join("; ", d.Evidence), d.Description, d.ResolutionNote ?? string.Empty,
        ];
    }
}

/// <summary><c>cartera disputes resolve ID --outcome upheld|rejected --note TEXT [--action adjustment|cancellation|bureau_correction]</c>.</summary>
internal sealed class DisputesResolveCommand : Command
{
    private static readonly Argument<long> Id = new("ID") { Description = "The dispute's id (see cartera disputes list)." };
    private static readonly Option<string> Outcome = CreateOutcome();
    private static readonly Option<string> Note = new("--note") { Description = "The answer given to the debtor (resolution note).", HelpName = "TEXT", Required = true };
    private static readonly Option<string?> ActionCode = CreateAction();

    private readonly CliContext _context;

    public DisputesResolveCommand(CliContext context)
        : base("resolve", "Answer a dispute: upheld (with its action) or rejected (collection resumes once no other dispute of the debtor is open).")
    {
        _context = context;
        Add(Id);
        Add(Outcome);
        Add(Note);
        Add(ActionCode);
        SetAction(ExecuteAsync);
    }

    private static Option<string> CreateOutcome()
    {
        var option = new Option<string>("--outcome") { Description = "upheld or rejected.", HelpName = "upheld|rejected", Required = true };
        option.AcceptOnlyFromAmong("upheld", "rejected");
        return option;
    }

    private static Option<string?> CreateAction()
    {
        var option = new Option<string?>("--action") { Description = "With upheld: adjustment, cancellation or bureau_correction.", HelpName = "adjustment|cancellation|bureau_correction" };
        option.AcceptOnlyFromAmong("adjustment", "cancellation", "bureau_correction");
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var outcome = DisputesCommand.Code<DisputeStatus>(parseResult.GetRequiredValue(Outcome), "--outcome");
        DisputeAction? action = parseResult.GetValue(ActionCode) is { } text ? DisputesCommand.Code<DisputeAction>(text, "--action") : null;
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var (dispute, cleared) = await new DisputeCases(db, _context.Clock).ResolveAsync(parseResult.GetValue(Id), outcome, action, parseResult.GetRequiredValue(Note), cancellationToken);
        var inv = CultureInfo.InvariantCulture;
        _context.Out.WriteLine(string.Create(inv,
            $"dispute {dispute.Id}: {EnumCodes.ToCode(dispute.Status)}{(dispute.Action is { } a ? " (" + EnumCodes.ToCode(a) + ")" : string.Empty)} on {dispute.ResolvedOn:yyyy-MM-dd}; {(cleared ? "dispute hold cleared" : "dispute hold kept: other disputes of the debtor are open")}"));
        return ExitCodes.Ok;
    }
}
