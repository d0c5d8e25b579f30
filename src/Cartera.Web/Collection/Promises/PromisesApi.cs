using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Web.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Collection.Promises;

/// <summary>
/// Promises to pay (RULES §13; docs/user/collection.md): <c>POST|GET /api/v1/debtors/{id}/promises</c>,
/// <c>GET /api/v1/promises/{id}</c> and <c>POST /api/v1/promises/{id}/cancellation</c>. Reading follows
/// <see cref="PortfolioAccess"/>; making and cancelling need a role that contacts debtors (admin, supervisor, collector,
/// field agent, agency), on a debtor the user sees. A debtor or promise outside the user's scope answers 404 (existence is
/// not leaked). A refused promise answers 422 with its <c>code</c> (<c>exceeds_due</c>, <c>beyond_horizon</c>,
/// <c>due_before_made</c>, <c>invalid_amount</c>…) and <c>field</c>.
/// </summary>
public static class PromisesApi
{
    public static RouteGroupBuilder MapPromisesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var debtors = api.MapGroup("/debtors").WithTags("Promises").RequireAuthorization(Policies.ReadPortfolio);
        debtors.MapGet("/{id:long}/promises", List).WithSummary("The debtor's promises to pay, newest first, with their status as of the last closed date.");
        debtors.MapPost("/{id:long}/promises", Create)
            .RequireAuthorization(Policies.ContactDebtors)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Records a promise to pay (one or several installments), validated against the payoff amount on the day it is made.")
            .WithDescription("422 with code exceeds_due when the total is above everything owed on the obligations in scope; beyond_horizon, due_before_made, due_out_of_order, invalid_amount, unknown_obligation, currency_mismatch otherwise.");
        var promises = api.MapGroup("/promises").WithTags("Promises").RequireAuthorization(Policies.ReadPortfolio);
        promises.MapGet("/{id:long}", Get).WithSummary("A promise to pay with its installments.");
        promises.MapPost("/{id:long}/cancellation", Cancel)
            .RequireAuthorization(Policies.ContactDebtors)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancels a pending promise (409 promise_not_pending otherwise); its pending installments become cancelled.");
        return api;
    }

    /// <param name="DueOn">The installment's due date.</param>
    /// <param name="Amount">In major units of the promise's currency (a number or a string such as "300000.00").</param>
    public sealed record PromiseInstallmentRequest(DateOnly DueOn, [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal Amount);

    /// <param name="Currency">ISO 4217 code of the promise (that of the obligations in scope).</param>
    /// <param name="ObligationIds">External ids of the obligations in scope; empty or missing: all of the debtor's in that currency.</param>
    /// <param name="MadeOn">The date the promise was made; default the current business date.</param>
    /// <param name="PromiseId">The promise's own id; generated when missing.</param>
    public sealed record CreatePromiseRequest(string? Currency, IReadOnlyList<string>? ObligationIds, DateOnly? MadeOn, IReadOnlyList<PromiseInstallmentRequest>? Installments, string? PromiseId);

    public sealed record CancelPromiseRequest(string? Reason);

    public sealed record PromiseInstallmentDto(int Number, DateOnly DueOn, MoneyDto Amount, string Status, DateOnly? KeptOn, MoneyDto Counted);

    public sealed record PromiseDto(
        long Id,
        string PromiseId,
        long DebtorId,
        bool AllObligations,
        IReadOnlyList<string> ObligationIds,
        DateOnly MadeOn,
        string MadeBy,
        MoneyDto Total,
        string Status,
        DateOnly? SettledOn,
        MoneyDto Counted,
        DateOnly? EvaluatedOn,
        DateOnly? CancelledOn,
        string? CancelReason,
        int GraceDays,
        decimal Tolerance,
        IReadOnlyList<PromiseInstallmentDto> Installments);

    internal static async Task<Results<Ok<IReadOnlyList<PromiseDto>>, NotFound>> List(long id, ClaimsPrincipal user, CarteraDbContext db, PromiseService promises, CancellationToken ct)
    {
        if (!await PortfolioAccess.VisibleDebtors(db, user).AnyAsync(d => d.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok<IReadOnlyList<PromiseDto>>((await promises.ListByDebtorAsync(id, ct)).Select(ToDto).ToList());
    }

    internal static async Task<Results<Created<PromiseDto>, NotFound>> Create(
        long id, CreatePromiseRequest request, ClaimsPrincipal user, CarteraDbContext db, PromiseService promises, WorkQueueService queue, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await PortfolioAccess.VisibleDebtors(db, user).AnyAsync(d => d.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        if (request.Installments is not { Count: > 0 })
        {
            throw new DomainException("required", "A promise has at least one installment.", "installments");
        }

        var view = await promises.MakeAsync(
            new MakePromiseCommand(id, request.ObligationIds, request.MadeOn, request.Currency ?? string.Empty, request.Installments.Select(i => new PromiseInstallmentInput(i.DueOn, i.Amount)).ToList(), request.PromiseId),
            ct);
        await queue.RefreshDebtorAsync(id, ct);
        return TypedResults.Created($"/api/v1/promises/{view.Id.ToString(CultureInfo.InvariantCulture)}", ToDto(view));
    }

    internal static async Task<Results<Ok<PromiseDto>, NotFound>> Get(long id, ClaimsPrincipal user, CarteraDbContext db, PromiseService promises, CancellationToken ct)
    {
        var view = await promises.FindAsync(id, ct);
        if (view is null || !await PortfolioAccess.VisibleDebtors(db, user).AnyAsync(d => d.Id == view.DebtorId, ct))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ToDto(view));
    }

    internal static async Task<Results<Ok<PromiseDto>, NotFound>> Cancel(long id, CancelPromiseRequest request, ClaimsPrincipal user, CarteraDbContext db, PromiseService promises, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var view = await promises.FindAsync(id, ct);
        if (view is null || !await PortfolioAccess.VisibleDebtors(db, user).AnyAsync(d => d.Id == view.DebtorId, ct))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ToDto(await promises.CancelAsync(id, request.Reason ?? string.Empty, ct)));
    }

    internal static PromiseDto ToDto(PromiseView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        MoneyDto M(decimal amount) => new(amount.ToString("F" + Domain.Common.Currency.Of(v.Currency).MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), v.Currency);
        return new PromiseDto(
            v.Id, v.PromiseId, v.DebtorId, v.AllObligations, v.ObligationIds, v.MadeOn, v.MadeBy, M(v.Total), v.Status, v.SettledOn, M(v.Counted),
            v.EvaluatedOn, v.CancelledOn, v.CancelReason, v.GraceDays, v.Tolerance,
            v.Installments.Select(i => new PromiseInstallmentDto(i.Number, i.DueOn, M(i.Amount), i.Status, i.KeptOn, M(i.Counted))).ToList());
    }
}
