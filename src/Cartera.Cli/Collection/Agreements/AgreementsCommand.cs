using System.CommandLine;
using System.Globalization;
using Cartera.Application.Collection.Agreements;
using Cartera.Cli.CloseOfDay;
using Cartera.Cli.Shared;

namespace Cartera.Cli.Collection.Agreements;

/// <summary><c>cartera agreements</c>: payment agreements (acuerdos de pago, RULES §14).</summary>
internal sealed class AgreementsCommand : Command
{
    public AgreementsCommand(CliContext context)
        : base("agreements", "Payment agreements (RULES §14): simulate the new schedule and totals.")
    {
        Add(new AgreementsSimulateCommand(context));
    }
}

/// <summary>
/// <c>cartera agreements simulate --obligations ID[;ID] --date A --installments N --rate R [--down-payment X]
/// [--principal-discount Q] [--arrears-waiver W] [--fee-waiver W] [--first-due D] --format csv</c>: the simulation as CSV
/// on standard output (docs/user/collection.md, Agreements). Nothing is stored.
/// </summary>
internal sealed class AgreementsSimulateCommand : Command
{
    private static readonly Option<string> Obligations = new("--obligations") { Description = "External ids of the obligations, separated by ';'.", HelpName = "ID[;ID]", Required = true };
    private static readonly Option<string> Date = new("--date") { Description = "Agreement date A (yyyy-MM-dd): the position is taken at the end of that day.", HelpName = "A", Required = true };
    private static readonly Option<int> Installments = new("--installments") { Description = "Number of monthly installments.", HelpName = "N", Required = true };
    private static readonly Option<string> Rate = new("--rate") { Description = "Effective annual rate as a fraction (0.18 is 18 % EA; 0 allowed; at most the legal cap on A).", HelpName = "R", Required = true };
    private static readonly Option<string?> DownPayment = new("--down-payment") { Description = "Down payment due on A, in the obligations' currency (default: the minimum, 10 % of the agreed balance).", HelpName = "X" };
    private static readonly Option<string?> PrincipalDiscount = new("--principal-discount") { Description = "Principal discount (quita) as a fraction in [0, 1] (default 0).", HelpName = "Q" };
    private static readonly Option<string?> ArrearsWaiver = new("--arrears-waiver") { Description = "Arrears-interest waiver as a fraction in [0, 1] (default 0).", HelpName = "W" };
    private static readonly Option<string?> FeeWaiver = new("--fee-waiver") { Description = "Collection-fee waiver as a fraction in [0, 1] (default 0).", HelpName = "W" };
    private static readonly Option<string?> FirstDue = new("--first-due") { Description = "First installment's due date (default A + 1 month, same day, clamped to the month's end).", HelpName = "D" };
    private static readonly Option<string> Format = CreateFormat();

    private readonly CliContext _context;

    public AgreementsSimulateCommand(CliContext context)
        : base("simulate", "Simulate an agreement: down payment and installment rows, then agreed_balance, forgiven and total_to_pay.")
    {
        _context = context;
        Add(Obligations);
        Add(Date);
        Add(Installments);
        Add(Rate);
        Add(DownPayment);
        Add(PrincipalDiscount);
        Add(ArrearsWaiver);
        Add(FeeWaiver);
        Add(FirstDue);
        Add(Format);
        SetAction(ExecuteAsync);
    }

    private static Option<string> CreateFormat()
    {
        var option = new Option<string>("--format", "-f") { Description = "Output format.", HelpName = "csv", Required = true };
        option.AcceptOnlyFromAmong("csv");
        return option;
    }

    private static decimal? Number(string? text, string option) =>
        text is null
            ? null
            : decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new CliUsageException($"{option} must be a number with '.' as decimal separator, not '{text}'.");

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var externalIds = parseResult.GetRequiredValue(Obligations).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (externalIds.Length == 0)
        {
            throw new CliUsageException("--obligations needs at least one obligation id.");
        }

        var date = CloseOfDayCommand.ParseDate(parseResult.GetRequiredValue(Date), "--date")!.Value;
        var rate = Number(parseResult.GetRequiredValue(Rate), "--rate")!.Value;
        var down = Number(parseResult.GetValue(DownPayment), "--down-payment");
        var q = Number(parseResult.GetValue(PrincipalDiscount), "--principal-discount") ?? 0m;
        var wa = Number(parseResult.GetValue(ArrearsWaiver), "--arrears-waiver") ?? 0m;
        var wf = Number(parseResult.GetValue(FeeWaiver), "--fee-waiver") ?? 0m;
        var firstDue = CloseOfDayCommand.ParseDate(parseResult.GetValue(FirstDue), "--first-due");

        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var simulations = new AgreementSimulations(db);
        var ids = await simulations.ResolveAsync(externalIds, cancellationToken);
        var quote = await simulations.SimulateAsync(
            new AgreementRequest(ids, date, parseResult.GetValue(Installments), rate, down, q, wa, wf, firstDue), cancellationToken);

        using var buffer = new MemoryStream();
        await AgreementCsv.WriteAsync(quote.Simulation, buffer, cancellationToken);
        buffer.Position = 0;
        using var reader = new StreamReader(buffer);
        await _context.Out.WriteAsync(await reader.ReadToEndAsync(cancellationToken));
        await _context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
