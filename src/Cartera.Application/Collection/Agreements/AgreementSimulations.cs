using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Export;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Agreements;

/// <summary>
/// A proposed agreement as the CLI, the API and the pages send it: obligation ids (internal), the agreement date, the
/// number of monthly installments, the effective annual rate, the optional down payment (major units of the obligations'
/// currency; default the minimum), the concessions and the optional first due date.
/// </summary>
public sealed record AgreementRequest(
    IReadOnlyList<long> ObligationIds,
    DateOnly Date,
    int Installments,
    decimal Rate,
    decimal? DownPayment = null,
    decimal PrincipalDiscount = 0m,
    decimal ArrearsWaiver = 0m,
    decimal FeeWaiver = 0m,
    DateOnly? FirstDueDate = null);

/// <summary>A simulation with the debtor it concerns and the legal cap it was checked against.</summary>
public sealed record AgreementQuote(long DebtorId, IReadOnlyList<long> ObligationIds, decimal? CapEa, AgreementSimulation Simulation)
{
    public Currency Currency => Simulation.AgreedBalance.Currency;
}

/// <summary>Agreement settings: the product policy and the approval limits by role (RULES §14 defaults).</summary>
public sealed class AgreementOptions
{
    public AgreementPolicy Policy { get; init; } = AgreementPolicy.Default;

    public AgreementApprovalLimits Limits { get; init; } = AgreementApprovalLimits.Default;
}

/// <summary>
/// Simulates payment agreements (RULES §14) on the obligations' position on the agreement date A, computed by the
/// delinquency engine exactly as the obligation page explains it (<see cref="DelinquencyFactsLoader"/>,
/// <see cref="JurisdictionTables"/>, <see cref="PositionCalculator.EndOfDay"/>): installments due before A give the
/// overdue principal OP, interest OI and other charges OT (insurance and other); installments due on or after A give the
/// principal not yet due FP; arrears interest AI and fees FE are what is outstanding on every installment. The rate is
/// checked against the lowest legal cap in force on A among the obligations' modalities (the last published row carried
/// forward when none covers A, as the engine does; no check when the modality has no row).
/// </summary>
public sealed class AgreementSimulations(CarteraDbContext db, AgreementOptions? options = null)
{
    private readonly AgreementOptions _options = options ?? new AgreementOptions();

    public AgreementOptions Options => _options;

    /// <summary>Internal ids of obligations given by their external ids (the ids of the import files), in that order.</summary>
    public async Task<IReadOnlyList<long>> ResolveAsync(IReadOnlyList<string> externalIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(externalIds);
        var wanted = externalIds.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            throw new DomainException("required", "At least one obligation is required.", "obligations");
        }

        var found = await db.Obligations.AsNoTracking().Where(o => wanted.Contains(o.ExternalId)).Select(o => new { o.Id, o.ExternalId }).ToListAsync(ct);
        var byExternal = found.ToDictionary(o => o.ExternalId, o => o.Id, StringComparer.Ordinal);
        return wanted.Select(e => byExternal.TryGetValue(e, out var id)
            ? id
            : throw new DomainException("not_found", $"Obligation {e} does not exist.", "obligations")).ToList();
    }

    public async Task<AgreementQuote> SimulateAsync(AgreementRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = request.ObligationIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new DomainException("required", "At least one obligation is required.", "obligations");
        }

        var loaded = await new DelinquencyFactsLoader(db).LoadManyAsync(ids, ct);
        if (loaded.Count != ids.Count)
        {
            throw new DomainException("not_found", "Some obligation does not exist.", "obligations");
        }

        var debtorIds = loaded.Select(l => l.Facts.DebtorId).Distinct().ToList();
        if (debtorIds.Count != 1)
        {
            throw new DomainException("several_debtors", "An agreement covers obligations of one debtor only.", "obligations");
        }

        var closed = await db.Obligations.AsNoTracking()
            .Where(o => ids.Contains(o.Id) && o.Status != ObligationStatus.Active)
            .Select(o => o.ExternalId)
            .FirstOrDefaultAsync(ct);
        if (closed is not null)
        {
            throw new DomainException("obligation_not_active", $"Obligation {closed} is not active.", "obligations");
        }

        var jurisdiction = await db.Debtors.AsNoTracking().Where(d => d.Id == debtorIds[0]).Select(d => d.Country).SingleAsync(ct);
        var rates = (await JurisdictionTables.LoadAsync(db, ct)).Rates(jurisdiction);
        AgreementPosition? position = null;
        decimal? cap = null;
        foreach (var obligation in loaded)
        {
            var one = PositionOn(PositionCalculator.EndOfDay(obligation.Facts, obligation.Settings.CapModality, rates, request.Date), request.Date);
            position = position is null ? one : position.Add(one);
            if (rates.Caps.CapOrCarriedOn(obligation.Settings.CapModality, request.Date).Row is { } row)
            {
                cap = cap is { } c ? Math.Min(c, row.UsuryEa) : row.UsuryEa;
            }
        }

        var currency = position!.Currency;
        var terms = new AgreementTerms(
            request.Date,
            request.Installments,
            request.Rate,
            request.DownPayment is { } d ? Amount(d, currency) : null,
            request.PrincipalDiscount,
            request.ArrearsWaiver,
            request.FeeWaiver,
            request.FirstDueDate);
        var simulation = AgreementSimulator.Simulate(position, terms, _options.Policy, cap);
        return new AgreementQuote(debtorIds[0], ids, cap, simulation);
    }

    /// <summary>The position of one obligation on <paramref name="date"/> in the terms of RULES §14.</summary>
    public static AgreementPosition PositionOn(ObligationPosition position, DateOnly date) => AgreementPosition.Of(position, date);

    private static Money Amount(decimal amount, Currency currency)
    {
        if (decimal.Round(amount, currency.MinorUnits) != amount)
        {
            throw new DomainException("invalid_amount", $"The amount has more than {currency.MinorUnits} decimals.", "down_payment");
        }

        return Money.Of(amount, currency);
    }
}

/// <summary>
/// The simulation as CSV (docs/user/collection.md, Agreements): <c>kind, number, due_on, principal, interest, amount</c>;
/// one <c>down_payment</c> row (number 0, due on A), one <c>installment</c> row per installment, then
/// <c>agreed_balance</c>, <c>forgiven</c> and <c>total_to_pay</c> rows with the amount only. Amounts in major units with
/// exactly the currency's decimals and '.' as separator, as every export.
/// </summary>
public static class AgreementCsv
{
    public static readonly string[] Columns = ["kind", "number", "due_on", "principal", "interest", "amount"];

    public static async Task WriteAsync(AgreementSimulation simulation, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var currency = simulation.AgreedBalance.Currency;
        decimal M(Money money) => TabularWriter.Major(money.MinorUnits, currency);
        static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = new List<object?[]>
        {
            new object?[] { "down_payment", 0, D(simulation.Terms.Date), M(simulation.DownPayment), M(Money.Zero(currency)), M(simulation.DownPayment) },
        };
        rows.AddRange(simulation.Schedule.Select(i => new object?[] { "installment", i.Number, D(i.DueDate), M(i.Principal), M(i.Interest), M(i.Total) }));
        rows.Add(["agreed_balance", null, null, null, null, M(simulation.AgreedBalance)]);
        rows.Add(["forgiven", null, null, null, null, M(simulation.Forgiven)]);
        rows.Add(["total_to_pay", null, null, null, null, M(simulation.TotalToPay)]);
        await TabularWriter.WriteCsvAsync(Columns, rows, output, ct);
    }
}
