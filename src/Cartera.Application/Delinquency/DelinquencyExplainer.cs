using Cartera.Application.Data;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>One component of an installment on the explained date (minor units).</summary>
public sealed record ExplainedComponent(LedgerComponent Component, long Due, long Settled, long Outstanding);

/// <summary>An installment on the explained date: what was due, settled and is outstanding per component.</summary>
public sealed record ExplainedInstallment(int Number, DateOnly DueDate, bool PastDue, IReadOnlyList<ExplainedComponent> Components, long TotalOutstanding);

/// <summary>The cap row in force over a segment (whether or not it bounded the contract rate).</summary>
public sealed record ExplainedCap(string Modality, DateOnly ValidFrom, DateOnly ValidTo, decimal UsuryEa, string Source, bool Verified);

/// <summary>
/// A stretch of days of one installment's arrears at a constant amount per day: the unpaid principal, the annual rate
/// used (min(contract, cap)), its daily equivalent, the cap row in force and whether it bounded the contract rate.
/// </summary>
public sealed record ExplainedSegment(
    int InstallmentNumber,
    DateOnly From,
    DateOnly To,
    int Days,
    long UnpaidPrincipal,
    decimal AnnualRate,
    decimal DailyRate,
    ExplainedCap? Cap,
    bool CapBounded,
    long PerDay,
    long Amount)
{
    /// <summary>No cap row covers these days: the cap shown is the last published one carried forward.</summary>
    public bool CapAssumed { get; init; }
}

/// <summary>
/// How an obligation's delinquency figures on a date come about: the replay of its ledger over its schedule
/// (<see cref="PositionCalculator.EndOfDay"/> with the explanation on), the figures, the category (own and after
/// arrastre over the debtor's obligations of the same classification table), the provision and the IFRS 9 stage, and
/// the stored snapshot of that date when close-of-day wrote one. Amounts in minor units of <see cref="CurrencyCode"/>.
/// </summary>
public sealed record DelinquencyExplanation(
    long ObligationId,
    string ExternalId,
    string CurrencyCode,
    DateOnly Date,
    string Product,
    string CapModality,
    decimal? ContractArrearsEa,
    IReadOnlyList<ExplainedInstallment> Installments,
    IReadOnlyList<ExplainedSegment> Segments,
    DelinquencyFigures Figures,
    ClassificationTableKind ClassificationTable,
    string OwnCategory,
    string Classification,
    decimal ProvisionRate,
    long Provision,
    int Ifrs9Stage,
    bool WriteOffProposed,
    DelinquencySnapshot? Snapshot)
{
    /// <summary>The months (first day of each) whose arrears rest on a cap carried forward: no row covers them.</summary>
    public IReadOnlyList<DateOnly> CapAssumedMonths { get; init; } = [];

    public long ArrearsInterest => Segments.Sum(s => s.Amount);
}

/// <summary>
/// Builds a <see cref="DelinquencyExplanation"/> for one obligation and any date (the obligation page, the API), with the
/// cap and classification tables of the obligation's jurisdiction (<see cref="JurisdictionTables"/>), like close-of-day.
/// </summary>
public sealed class DelinquencyExplainer(CarteraDbContext db)
{
    private static readonly LedgerComponent[] Components =
        [LedgerComponent.Principal, LedgerComponent.Interest, LedgerComponent.Insurance, LedgerComponent.Other, LedgerComponent.Fee, LedgerComponent.ArrearsInterest];

    public async Task<DelinquencyExplanation> ExplainAsync(long obligationId, DateOnly date, CancellationToken ct = default)
    {
        var loader = new DelinquencyFactsLoader(db);
        var loaded = await loader.LoadAsync(obligationId, ct);
        var jurisdiction = await db.Debtors.AsNoTracking().Where(d => d.Id == loaded.Facts.DebtorId).Select(d => d.Country).SingleAsync(ct);
        var tables = await JurisdictionTables.LoadAsync(db, ct);
        var rates = tables.Rates(jurisdiction);
        var settings = loaded.Settings;
        var position = PositionCalculator.EndOfDay(loaded.Facts, settings.CapModality, rates, date, explain: true);
        var figures = DelinquencyFigures.From(position, date, settings);
        var table = tables.ClassificationFor(jurisdiction, settings.Classification);
        var own = RestructuredClassification.Apply(table.CategoryFor(figures.DaysPastDue), loaded.CarriedCategory, loaded.Facts, settings.CapModality, rates, date);

        // Arrastre over the holder's other obligations of the same classification table, on the same date.
        var others = await db.Obligations.AsNoTracking()
            .Where(o => o.DebtorId == loaded.Facts.DebtorId && o.Id != obligationId && o.Status != ObligationStatus.Cancelled && o.IssueDate <= date)
            .Select(o => o.Id)
            .ToListAsync(ct);
        var categories = new List<OwnCategory> { new(obligationId, loaded.Facts.DebtorId, settings.Classification, own) };
        foreach (var other in await loader.LoadManyAsync(others, ct))
        {
            if (other.Settings.Classification != settings.Classification)
            {
                continue;
            }

            var otherFigures = DelinquencyFigures.From(PositionCalculator.EndOfDay(other.Facts, other.Settings.CapModality, rates, date), date, other.Settings);
            var otherOwn = tables.ClassificationFor(jurisdiction, other.Settings.Classification).CategoryFor(otherFigures.DaysPastDue);
            otherOwn = RestructuredClassification.Apply(otherOwn, other.CarriedCategory, other.Facts, other.Settings.CapModality, rates, date);
            categories.Add(new OwnCategory(other.Facts.ObligationId, other.Facts.DebtorId, other.Settings.Classification, otherOwn));
        }

        var classification = Arrastre.Apply(categories)[obligationId];
        var provisionRate = settings.ProvisionByCategory.TryGetValue(classification, out var pct) ? pct : 0m;
        var provision = ProvisionMatrix.Provision(figures.Exposure, classification, settings.ProvisionByCategory);
        var obligation = await db.Obligations.AsNoTracking().Where(o => o.Id == obligationId).Select(o => new { o.ExternalId }).SingleAsync(ct);
        var snapshot = await db.DelinquencySnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.ObligationId == obligationId && s.BusinessDate == date, ct);

        var installments = position.Installments.Select(i => new ExplainedInstallment(
            i.Number,
            i.DueDate,
            i.DueDate < date,
            Components.Select(c => new ExplainedComponent(c, i.Due(c), i.Settled(c), i.Outstanding(c))).ToList(),
            i.TotalOutstanding)).ToList();
        var segments = position.Segments
            .OrderBy(s => s.InstallmentNumber).ThenBy(s => s.From)
            .Select(s =>
            {
                var inForce = s.Cap ?? rates.Caps.CapOn(settings.CapModality, s.From);
                var cap = inForce is null ? null : new ExplainedCap(inForce.Modality, inForce.ValidFrom, inForce.ValidTo, inForce.UsuryEa, inForce.Source, inForce.Verified);
                return new ExplainedSegment(s.InstallmentNumber, s.From, s.To, s.Days, s.UnpaidPrincipal, s.AnnualRate, s.DailyRate, cap, s.Cap is not null, s.PerDay, s.Amount) { CapAssumed = s.CapAssumed };
            })
            .ToList();

        return new DelinquencyExplanation(
            obligationId,
            obligation.ExternalId,
            loaded.Facts.CurrencyCode,
            date,
            loaded.Product,
            settings.CapModality,
            loaded.Facts.ContractArrearsEa,
            installments,
            segments,
            figures,
            settings.Classification,
            own,
            classification,
            provisionRate,
            provision,
            Ifrs9.Stage(figures.DaysPastDue),
            figures.DaysPastDue >= settings.WriteOffDpd,
            snapshot)
        {
            CapAssumedMonths = [.. position.CapAssumedMonths],
        };
    }
}
