using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Application.Payments;
using Cartera.Domain.Common;
using Cartera.Web.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Payments;

/// <summary>
/// <c>/api/v1/payments</c> and <c>/api/v1/obligations/{id}/payments|refunds</c> (docs/user/payments.md). Posting,
/// reversing and refunding need admin or supervisor; reading follows <see cref="PortfolioAccess"/> (assigned-only roles
/// see the payments of their debtors' obligations, 404 for the rest). Posting requires an <c>Idempotency-Key</c> header:
/// the first request answers 201, a repeat with the same body 200 with the same payment, another body 409.
/// </summary>
public static class PaymentsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapPaymentsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var payments = api.MapGroup("/payments").WithTags("Payments").RequireAuthorization(Policies.ReadPortfolio);
        payments.MapPost("/", Post)
            .RequireAuthorization(Policies.WritePortfolio)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Posts a payment (Idempotency-Key header required) and answers its allocation.")
            .WithDescription("201 with the allocation; the same key and body again → 200 with the same payment; the same key with another body → 409 (code idempotency_mismatch). A value date after the current business date stores the payment as pending; before the product's back-date window → 422 outside_window.");
        payments.MapGet("/{id:long}", Get).WithSummary("A payment with its current allocation.");
        payments.MapPost("/{id:long}/reversal", Reverse)
            .RequireAuthorization(Policies.WritePortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Reverses a payment (every allocation line is negated; later payments are re-allocated).");

        var obligations = api.MapGroup("/obligations").WithTags("Payments").RequireAuthorization(Policies.ReadPortfolio);
        obligations.MapGet("/{id:long}/payments", List).WithSummary("The payments of an obligation, newest value date first.");
        obligations.MapPost("/{id:long}/refunds", Refund)
            .RequireAuthorization(Policies.WritePortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Refunds part or all of the obligation's credit balance (422 insufficient_credit_balance beyond it).");
        return api;
    }

    /// <param name="PaymentId">The payment's own id (bank or payer reference); defaults to the Idempotency-Key.</param>
    /// <param name="ReceivedOn">The value date (date the money was received).</param>
    /// <param name="Channel">bank, cash, pse, agent, transfer or other.</param>
    /// <param name="ConfirmExcessCreditBalance">A supervisor or admin confirms a payment that leaves a credit balance above
    /// the product's limit (otherwise 422 excess_credit_balance); not part of the idempotency hash.</param>
    public sealed record PostPaymentRequest(long ObligationId, string? PaymentId, MoneyInput? Amount, DateOnly ReceivedOn, string? Channel, string? Reference, bool? ConfirmExcessCreditBalance = null);

    public sealed record ReversalRequest(string? Reason);

    public sealed record RefundRequest(MoneyInput? Amount, string? Reason);

    /// <param name="InstallmentNumber">Null for the credit balance.</param>
    /// <remarks>In <c>interestRelief</c>: interest of a future installment that a prepayment made no longer owed.</remarks>
    /// <param name="Prepayment">Principal of an installment not yet due on the value date.</param>
    public sealed record AllocationLineDto(int? InstallmentNumber, string Component, MoneyDto Amount, bool Prepayment);

    public sealed record PaymentDto(
        long Id,
        string PaymentId,
        long ObligationId,
        MoneyDto Amount,
        DateOnly ReceivedOn,
        DateOnly BusinessDate,
        string Channel,
        string? Reference,
        string Status,
        string? ReversalReason,
        DateTimeOffset? ReversedAt,
        DateTimeOffset CreatedAt,
        IReadOnlyList<AllocationLineDto> Allocation,
        IReadOnlyList<AllocationLineDto> InterestRelief);

    public sealed record RefundDto(long LedgerEntryId, MoneyDto Amount, MoneyDto CreditBalance);

    internal static async Task<Results<Created<PaymentDto>, Ok<PaymentDto>, ProblemHttpResult>> Post(
        PostPaymentRequest request,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        PaymentPosting posting,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return TypedResults.Problem(With(Problems.BadRequest(StatusCodes.Status400BadRequest, "The Idempotency-Key header is required: a unique key per payment, repeated on retries."), "idempotency_key_required", IdempotencyHeader));
        }

        if (request.Amount is null)
        {
            throw new DomainException("required", "The amount is required.", "amount");
        }

        var command = new PostPaymentCommand(
            request.ObligationId,
            request.Amount.Amount,
            request.Amount.Currency ?? string.Empty,
            request.ReceivedOn,
            Codes.Parse<PaymentChannel>(request.Channel, "channel"),
            request.Reference,
            idempotencyKey,
            request.PaymentId);
        if (request.ConfirmExcessCreditBalance == true)
        {
            // Honoured only for the roles that may confirm; anyone else gets a 422 naming the flag.
            if (!user.IsInRole(Roles.Supervisor) && !user.IsInRole(Roles.Admin))
            {
                throw new DomainException("confirmation_not_allowed", "Only a supervisor or an admin may confirm an excess credit balance.", "confirm_excess_credit_balance");
            }

            command = command with { ExcessCreditBalanceConfirmed = true };
        }

        var result = await posting.PostAsync(command, ct); // a reused key with another body: ConflictException → 409
        var dto = ToDto(result.View);
        return result.Replayed ? TypedResults.Ok(dto) : TypedResults.Created($"/api/v1/payments/{dto.Id.ToString(CultureInfo.InvariantCulture)}", dto);
    }

    internal static async Task<Results<Ok<PaymentDto>, NotFound>> Get(long id, ClaimsPrincipal user, CarteraDbContext db, PaymentPosting posting, CancellationToken ct)
    {
        var view = await posting.FindAsync(id, ct);
        if (view is null || !await PortfolioAccess.VisibleObligations(db, user).AnyAsync(o => o.Id == view.Payment.ObligationId, ct))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ToDto(view));
    }

    internal static async Task<Results<Ok<IReadOnlyList<PaymentDto>>, NotFound>> List(long id, ClaimsPrincipal user, CarteraDbContext db, PaymentPosting posting, CancellationToken ct)
    {
        if (!await PortfolioAccess.VisibleObligations(db, user).AnyAsync(o => o.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var views = await posting.ListAsync(id, ct);
        return TypedResults.Ok<IReadOnlyList<PaymentDto>>(views.Select(ToDto).ToList());
    }

    internal static async Task<Results<Ok<PaymentDto>, NotFound>> Reverse(long id, ReversalRequest request, CarteraDbContext db, PaymentPosting posting, CancellationToken ct)
    {
        if (!await db.Payments.AnyAsync(p => p.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ToDto(await posting.ReverseAsync(id, request.Reason ?? string.Empty, ct)));
    }

    internal static async Task<Results<Created<RefundDto>, NotFound>> Refund(long id, RefundRequest request, CarteraDbContext db, PaymentPosting posting, CancellationToken ct)
    {
        if (!await db.Obligations.AnyAsync(o => o.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        if (request.Amount is null)
        {
            throw new DomainException("required", "The amount is required.", "amount");
        }

        var refund = await posting.RefundAsync(id, request.Amount.Amount, request.Amount.Currency ?? string.Empty, request.Reason ?? string.Empty, ct);
        return TypedResults.Created(
            $"/api/v1/obligations/{id.ToString(CultureInfo.InvariantCulture)}/payments",
            new RefundDto(refund.LedgerEntryId, MoneyDto.FromMinor(refund.AmountMinor, refund.CurrencyCode), MoneyDto.FromMinor(refund.CreditBalanceMinor, refund.CurrencyCode)));
    }

    internal static PaymentDto ToDto(PaymentView view)
    {
        var p = view.Payment;
        return new PaymentDto(
            p.Id,
            p.ExternalId,
            p.ObligationId,
            MoneyDto.FromMinor(p.AmountMinor, p.CurrencyCode),
            p.ReceivedOn,
            p.BusinessDate,
            EnumCodes.ToCode(p.Channel),
            p.Reference,
            EnumCodes.ToCode(p.Status),
            p.ReversalReason,
            p.ReversedAt,
            p.CreatedAt,
            view.Allocation.Select(l => new AllocationLineDto(l.InstallmentNumber, EnumCodes.ToCode(l.Component), MoneyDto.FromMinor(l.AmountMinor, p.CurrencyCode), l.Prepayment)).ToList(),
            view.InterestRelief.Select(l => new AllocationLineDto(l.InstallmentNumber, EnumCodes.ToCode(l.Component), MoneyDto.FromMinor(l.AmountMinor, p.CurrencyCode), false)).ToList());
    }

    private static ProblemDetails With(ProblemDetails problem, string code, string field)
    {
        problem.Extensions["code"] = code;
        problem.Extensions["field"] = field;
        return problem;
    }
}
