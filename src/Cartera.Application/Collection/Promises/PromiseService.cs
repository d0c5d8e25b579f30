using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Domain.Collection.Promises;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Currency = Cartera.Domain.Common.Currency;

namespace Cartera.Application.Collection.Promises;

/// <summary>An installment as asked for: due date and amount in major units.</summary>
public sealed record PromiseInstallmentInput(DateOnly DueOn, decimal Amount);

/// <summary>
/// A promise to make: the debtor, the obligations in scope (their external ids; none = all of the debtor's), the date
/// it was made (null = the current business date), the currency and the installments in due-date order; optionally the
/// promise's id (<c>promise_id</c>) and who made it (default: the signed-in actor).
/// </summary>
public sealed record MakePromiseCommand(
    long DebtorId,
    IReadOnlyList<string>? ObligationIds,
    DateOnly? MadeOn,
    string Currency,
    IReadOnlyList<PromiseInstallmentInput> Installments,
    string? PromiseId = null,
    string? MadeBy = null);

/// <summary>One installment as shown.</summary>
public sealed record PromiseInstallmentView(int Number, DateOnly DueOn, decimal Amount, string Status, DateOnly? KeptOn, decimal Counted);

/// <summary>A promise as shown (API, pages): amounts in major units, status words as in the export.</summary>
public sealed record PromiseView(
    long Id,
    string PromiseId,
    long DebtorId,
    bool AllObligations,
    IReadOnlyList<string> ObligationIds,
    DateOnly MadeOn,
    string MadeBy,
    string Currency,
    decimal Total,
    string Status,
    DateOnly? SettledOn,
    decimal Counted,
    DateOnly? EvaluatedOn,
    DateOnly? CancelledOn,
    string? CancelReason,
    int GraceDays,
    decimal Tolerance,
    IReadOnlyList<PromiseInstallmentView> Installments);

/// <summary>
/// Promises to pay (RULES §13): make one (validated against the payoff amount of its scope on the day it is made,
/// computed by Payments exactly as its checks do), cancel one, list a debtor's, find one. Every change is audited by
/// the context's <c>SaveChanges</c> with the actor.
/// </summary>
public sealed class PromiseService(CarteraDbContext db, TimeProvider clock, IActor actor)
{
    /// <summary>Makes a promise; throws <see cref="DomainException"/> (<c>exceeds_due</c>, <c>beyond_horizon</c>…) when refused.</summary>
    public async Task<PromiseView> MakeAsync(MakePromiseCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = await new BusinessCalendar(db).CurrentAsync(ct);
        var (record, errors) = await PrepareAsync(command, current, ct);
        if (record is null)
        {
            throw errors[0];
        }

        if (await db.Promises.AnyAsync(p => p.ExternalId == record.ExternalId, ct))
        {
            throw new ConflictException("promise_exists", $"A promise with id {record.ExternalId} already exists.");
        }

        db.Promises.Add(record);
        await EvaluateNewAsync(record, ct);
        await db.SaveChangesAsync(ct);
        return View(record, await ObligationIdsAsync([record], ct));
    }

    /// <summary>Cancels a pending promise on the current business date; its pending installments become cancelled.</summary>
    public async Task<PromiseView> CancelAsync(long promiseId, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            throw new DomainException("required", "A cancellation has a reason of at most 500 characters.", "reason");
        }

        var promise = await PromiseEvaluation.WithDetails(db, tracked: true).SingleOrDefaultAsync(p => p.Id == promiseId, ct)
            ?? throw new DomainException("unknown_promise", $"Promise {promiseId} does not exist.", "promise_id");
        if (promise.Status != PromiseStatus.Pending)
        {
            throw new ConflictException("promise_not_pending", $"Promise {promise.ExternalId} is {EnumCodes.ToCode(promise.Status)}: only a pending promise can be cancelled.");
        }

        var today = await new BusinessCalendar(db).CurrentAsync(ct);
        promise.CancelledOn = today < promise.MadeOn ? promise.MadeOn : today;
        promise.CancelledBy = actor.Name;
        promise.CancelReason = reason.Trim();
        var outcome = (await PromiseEvaluation.EvaluateAsync(db, [promise], promise.CancelledOn.Value, ct))[promise.Id];
        PromiseEvaluation.Apply(promise, outcome, promise.CancelledOn.Value);
        await db.SaveChangesAsync(ct);
        return View(promise, await ObligationIdsAsync([promise], ct));
    }

    /// <summary>A debtor's promises, newest first.</summary>
    public async Task<IReadOnlyList<PromiseView>> ListByDebtorAsync(long debtorId, CancellationToken ct = default)
    {
        var promises = await PromiseEvaluation.WithDetails(db, tracked: false).Where(p => p.DebtorId == debtorId)
            .OrderByDescending(p => p.MadeOn).ThenByDescending(p => p.Id).ToListAsync(ct);
        var ids = await ObligationIdsAsync(promises, ct);
        return promises.Select(p => View(p, ids)).ToList();
    }

    public async Task<PromiseView?> FindAsync(long promiseId, CancellationToken ct = default)
    {
        var promise = await PromiseEvaluation.WithDetails(db, tracked: false).SingleOrDefaultAsync(p => p.Id == promiseId, ct);
        return promise is null ? null : View(promise, await ObligationIdsAsync([promise], ct));
    }

    /// <summary>
    /// Checks a command and builds the record, or returns every error found (each a <see cref="DomainException"/> with
    /// a code and a field). <paramref name="current"/> is the current business date (the default date made).
    /// </summary>
    internal async Task<(PromiseRecord? Record, List<DomainException> Errors)> PrepareAsync(MakePromiseCommand command, DateOnly current, CancellationToken ct)
    {
        var errors = new List<DomainException>();
        if (!Currency.TryOf(command.Currency?.Trim().ToUpperInvariant() ?? string.Empty, out var currency))
        {
            errors.Add(new DomainException("unknown_currency", "currency is not a known ISO 4217 code.", "currency"));
            return (null, errors);
        }

        var madeOn = command.MadeOn ?? current;
        if (madeOn > current)
        {
            errors.Add(new DomainException("made_in_future", string.Create(CultureInfo.InvariantCulture, $"A promise cannot be made after the current business date ({current:yyyy-MM-dd})."), "made_on"));
        }

        var obligations = await db.Obligations.AsNoTracking().Where(o => o.DebtorId == command.DebtorId)
            .Select(o => new { o.Id, o.ExternalId, o.CurrencyCode, o.Product, o.Status }).ToListAsync(ct);
        if (!await db.Debtors.AsNoTracking().AnyAsync(d => d.Id == command.DebtorId, ct))
        {
            errors.Add(new DomainException("unknown_debtor", $"Debtor {command.DebtorId} does not exist.", "debtor_id"));
            return (null, errors);
        }

        var named = command.ObligationIds is { Count: > 0 } list ? list.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList() : [];
        var scope = named.Count == 0
            ? obligations.Where(o => o.Status != ObligationStatus.Cancelled && o.CurrencyCode == currency.Code).ToList()
            : obligations.Where(o => named.Contains(o.ExternalId)).ToList();
        foreach (var missing in named.Where(n => !obligations.Any(o => o.ExternalId == n)))
        {
            errors.Add(new DomainException("unknown_obligation", $"The debtor has no obligation {missing}.", "obligation_ids"));
        }

        if (scope.Any(o => o.CurrencyCode != currency.Code))
        {
            errors.Add(new DomainException("currency_mismatch", $"The promise is in {currency.Code}; obligations in scope are in another currency.", "currency"));
        }

        if (scope.Count == 0 && errors.Count == 0)
        {
            errors.Add(new DomainException("no_obligations", $"The debtor has no obligation in {currency.Code} to promise a payment on.", "obligation_ids"));
        }

        var installments = new List<PromisedInstallment>();
        foreach (var (input, k) in (command.Installments ?? []).Select((x, k) => (x, k)))
        {
            if (input.Amount != decimal.Round(input.Amount, currency.MinorUnits) || input.Amount > Cartera.Domain.Delinquency.ProductSettings.AbsoluteMaxAmountMajor)
            {
                errors.Add(new DomainException("invalid_amount", $"Installment {k + 1}: the amount has more than {currency.MinorUnits} decimals or is out of range.", "amount"));
                continue;
            }

            installments.Add(new PromisedInstallment(k + 1, input.DueOn, decimal.ToInt64(input.Amount * currency.MinorFactor)));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var products = await new ProductCatalog(db).ForCodesAsync(scope.Select(o => o.Product), ct);
        var rules = PromiseSettings.For(products.Values);
        var terms = new PromiseTerms(madeOn, currency.Code!, installments);
        var payoff = 0L;
        foreach (var (_, _, owed) in await new PaymentFacts(db).PayoffAsync(scope.Select(o => o.Id).ToList(), madeOn, ct))
        {
            payoff = checked(payoff + owed);
        }

        errors.AddRange(terms.Check(rules, payoff));
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var externalId = string.IsNullOrWhiteSpace(command.PromiseId) ? "P-" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant() : command.PromiseId.Trim();
        if (externalId.Length > 64)
        {
            errors.Add(new DomainException("invalid_value", "promise_id has at most 64 characters.", "promise_id"));
            return (null, errors);
        }

        var record = new PromiseRecord
        {
            ExternalId = externalId,
            DebtorId = command.DebtorId,
            AllObligations = named.Count == 0,
            CurrencyCode = currency.Code!,
            MadeOn = madeOn,
            MadeBy = string.IsNullOrWhiteSpace(command.MadeBy) ? actor.Name : command.MadeBy.Trim(),
            TotalMinor = terms.TotalMinor,
            GraceDays = rules.GraceDays,
            Tolerance = rules.Tolerance,
            Status = PromiseStatus.Pending,
            CreatedAt = clock.GetUtcNow(),
            Installments = installments.Select(i => new PromiseInstallmentRecord { Number = i.Number, DueOn = i.DueOn, AmountMinor = i.AmountMinor, Status = PromiseInstallmentStatus.Pending }).ToList(),
            Obligations = scope.Select(o => new PromiseObligationRecord { ObligationId = o.Id }).ToList(),
        };
        if (record.MadeBy.Length > 200)
        {
            errors.Add(new DomainException("invalid_value", "made_by has at most 200 characters.", "made_by"));
            return (null, errors);
        }

        return (record, errors);
    }

    /// <summary>A promise made on a date already closed (a history import, a back-dated promise) gets its status as
    /// of the last closed date at once; later closes carry it on.</summary>
    internal async Task EvaluateNewAsync(PromiseRecord record, CancellationToken ct)
    {
        if (await new BusinessCalendar(db).LastClosedAsync(ct) is { } closed && closed >= record.MadeOn)
        {
            var outcome = (await PromiseEvaluation.EvaluateAsync(db, [record], closed, ct))[record.Id];
            PromiseEvaluation.Apply(record, outcome, closed);
        }
    }

    internal async Task<Dictionary<long, string>> ObligationIdsAsync(IReadOnlyList<PromiseRecord> promises, CancellationToken ct)
    {
        var ids = promises.SelectMany(p => p.Obligations.Select(o => o.ObligationId)).Distinct().ToList();
        return await db.Obligations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.ExternalId, ct);
    }

    internal static PromiseView View(PromiseRecord p, IReadOnlyDictionary<long, string> obligationIds)
    {
        var currency = Currency.Of(p.CurrencyCode);
        decimal Major(long minor) => minor * new decimal(1, 0, 0, false, (byte)currency.MinorUnits);
        return new PromiseView(
            p.Id, p.ExternalId, p.DebtorId, p.AllObligations,
            p.Obligations.Select(o => obligationIds.TryGetValue(o.ObligationId, out var e) ? e : o.ObligationId.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList(),
            p.MadeOn, p.MadeBy, p.CurrencyCode, Major(p.TotalMinor), EnumCodes.ToCode(p.Status), p.SettledOn, Major(p.CountedMinor), p.EvaluatedOn,
            p.CancelledOn, p.CancelReason, p.GraceDays, p.Tolerance,
            p.Installments.OrderBy(i => i.Number).Select(i => new PromiseInstallmentView(i.Number, i.DueOn, Major(i.AmountMinor), EnumCodes.ToCode(i.Status), i.KeptOn, Major(i.CountedMinor))).ToList());
    }
}
