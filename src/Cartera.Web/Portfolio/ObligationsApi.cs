using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Portfolio;

/// <summary>
/// <c>/api/v1/obligations</c>: search with paging, one obligation with its schedule and ledger, create (terms checked
/// by the domain, schedule generated, disbursement posted on the issue date, all in one transaction).
/// </summary>
public static class ObligationsApi
{
    public static RouteGroupBuilder MapObligationsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/obligations").WithTags("Obligations").RequireAuthorization(Policies.ReadPortfolio);
        group.MapGet("/", List).WithSummary("Searches obligations by debtor, status, product or number.");
        group.MapGet("/{id:long}", Get).WithSummary("An obligation with its schedule (installments) and ledger entries.");
        group.MapPost("/", Create)
            .RequireAuthorization(Policies.WritePortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Creates an obligation, generates its schedule and posts the disbursement.");
        return api;
    }

    public sealed record ObligationSummary(
        long Id, string ExternalId, long DebtorId, string Kind, string Product, string Status, MoneyDto Principal, DateOnly IssueDate, MoneyDto Balance);

    public sealed record InstallmentDto(
        int Number,
        DateOnly DueDate,
        MoneyDto Principal,
        MoneyDto Interest,
        MoneyDto Insurance,
        MoneyDto Other,
        MoneyDto TotalDue,
        MoneyDto PrincipalPaid,
        MoneyDto InterestPaid,
        MoneyDto InsurancePaid,
        MoneyDto OtherPaid,
        MoneyDto TotalPaid);

    public sealed record LedgerEntryDto(
        long Id, DateOnly BusinessDate, DateOnly ValueDate, string Kind, string Component, MoneyDto Amount, int? InstallmentNumber, string? Description, string CreatedBy, DateTimeOffset CreatedAt);

    public sealed record ObligationDetails(
        long Id,
        string ExternalId,
        long DebtorId,
        string Kind,
        string Product,
        string Status,
        MoneyDto Principal,
        DateOnly IssueDate,
        decimal AnnualRateEa,
        decimal? ArrearsRateEa,
        int Term,
        string Frequency,
        string Amortization,
        DateOnly FirstDueDate,
        string? Branch,
        MoneyDto Balance,
        IReadOnlyList<InstallmentDto> Installments,
        IReadOnlyList<LedgerEntryDto> Ledger);

    /// <param name="ArrearsRateEa">Contract arrears rate; null means the legal maximum in force each day.</param>
    public sealed record CreateObligationRequest(
        string ExternalId,
        long DebtorId,
        string Kind,
        string Product,
        MoneyInput Principal,
        DateOnly IssueDate,
        decimal AnnualRateEa,
        decimal? ArrearsRateEa,
        int Term,
        string Frequency,
        string Amortization,
        DateOnly FirstDueDate,
        string? Branch);

    internal static async Task<Ok<Paged<ObligationSummary>>> List(
        ClaimsPrincipal user, CarteraDbContext db, long? debtorId, string? status, string? product, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = PortfolioSearch.Paging(page, pageSize);
        var query = PortfolioSearch.Obligations(PortfolioAccess.VisibleObligations(db, user), debtorId, status, product, q);
        var total = await query.CountAsync(ct);
        // Balance as LedgerBalances defines it, written out: EF cannot translate a method call inside a projection.
        var rows = await query.OrderBy(o => o.ExternalId).ThenBy(o => o.Id).Skip((p - 1) * size).Take(size)
            .Select(o => new { Obligation = o, Balance = db.LedgerEntries.Where(e => e.ObligationId == o.Id && e.Component == LedgerComponent.Principal).Sum(e => e.AmountMinor) })
            .ToListAsync(ct);
        var items = rows.Select(r => new ObligationSummary(
            r.Obligation.Id,
            r.Obligation.ExternalId,
            r.Obligation.DebtorId,
            EnumCodes.ToCode(r.Obligation.Kind),
            r.Obligation.Product,
            EnumCodes.ToCode(r.Obligation.Status),
            MoneyDto.FromMinor(r.Obligation.PrincipalMinor, r.Obligation.CurrencyCode),
            r.Obligation.IssueDate,
            MoneyDto.FromMinor(r.Balance, r.Obligation.CurrencyCode))).ToList();
        return TypedResults.Ok(new Paged<ObligationSummary>(items, p, size, total));
    }

    internal static async Task<Results<Ok<ObligationDetails>, NotFound>> Get(long id, ClaimsPrincipal user, CarteraDbContext db, CancellationToken ct)
    {
        var obligation = await PortfolioAccess.VisibleObligations(db, user)
            .Include(o => o.Installments)
            .AsSplitQuery()
            .SingleOrDefaultAsync(o => o.Id == id, ct);
        if (obligation is null)
        {
            await PortfolioAccess.AuditDeniedAsync(db, nameof(Obligation), id, ct);
            return TypedResults.NotFound();
        }

        var ledger = await db.LedgerEntries.Where(e => e.ObligationId == id).OrderBy(e => e.BusinessDate).ThenBy(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(Details(obligation, ledger));
    }

    internal static async Task<Results<Created<ObligationDetails>, Conflict<ProblemDetails>>> Create(
        CreateObligationRequest request, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (request.Principal is null)
        {
            throw new DomainException("required", "The principal is required.", "principal");
        }

        var currency = Currency.TryOf(request.Principal.Currency, out var c)
            ? c
            : throw new DomainException("unknown_currency", "principal.currency is not a known ISO 4217 code.", "principal.currency");
        Money principal;
        try
        {
            principal = Money.Of(request.Principal.Amount, currency);
        }
        catch (DomainException e)
        {
            throw new DomainException(e.Code, e.Message, "principal.amount");
        }

        var terms = new ObligationTerms(
            request.ExternalId ?? string.Empty,
            Codes.Parse<ObligationKind>(request.Kind, "kind"),
            request.Product ?? string.Empty,
            principal,
            request.IssueDate,
            request.AnnualRateEa,
            request.ArrearsRateEa,
            request.Term,
            Codes.Parse<PaymentFrequency>(request.Frequency, "frequency"),
            Codes.Parse<Amortization>(request.Amortization, "amortization"),
            request.FirstDueDate,
            request.Branch);
        var obligation = Obligation.Create(terms, request.DebtorId, now);
        obligation.GenerateSchedule();

        if (!await db.Debtors.AnyAsync(d => d.Id == request.DebtorId, ct))
        {
            throw new DomainException("unknown_debtor", "The holder does not exist.", "debtor_id");
        }

        if (await db.Obligations.AnyAsync(o => o.ExternalId == obligation.ExternalId, ct))
        {
            return TypedResults.Conflict(Problems.Conflict("duplicate_external_id", "An obligation with this external id already exists.", "external_id"));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync(ct);
        var disbursement = LedgerEntry.Create(
            obligation.Id,
            LedgerEntryKind.Disbursement,
            LedgerComponent.Principal,
            principal,
            obligation.IssueDate,
            obligation.IssueDate,
            actor.Name,
            now,
            idempotencyKey: "disbursement:" + obligation.ExternalId,
            description: "Disbursement");
        db.LedgerEntries.Add(disbursement);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/obligations/{obligation.Id}", Details(obligation, [disbursement]));
    }

    private static ObligationDetails Details(Obligation o, IReadOnlyList<LedgerEntry> ledger)
    {
        MoneyDto M(long minor) => MoneyDto.FromMinor(minor, o.CurrencyCode);
        return new ObligationDetails(
            o.Id,
            o.ExternalId,
            o.DebtorId,
            EnumCodes.ToCode(o.Kind),
            o.Product,
            EnumCodes.ToCode(o.Status),
            M(o.PrincipalMinor),
            o.IssueDate,
            o.AnnualRateEa,
            o.ArrearsRateEa,
            o.Term,
            EnumCodes.ToCode(o.Frequency),
            EnumCodes.ToCode(o.Amortization),
            o.FirstDueDate,
            o.Branch,
            M(ledger.PrincipalOutstandingMinor()),
            o.Installments.OrderBy(i => i.Number).Select(i => new InstallmentDto(
                i.Number,
                i.DueDate,
                M(i.PrincipalMinor),
                M(i.InterestMinor),
                M(i.InsuranceMinor),
                M(i.OtherMinor),
                M(i.TotalDueMinor),
                M(i.PrincipalPaidMinor),
                M(i.InterestPaidMinor),
                M(i.InsurancePaidMinor),
                M(i.OtherPaidMinor),
                M(i.TotalPaidMinor))).ToList(),
            ledger.Select(e => new LedgerEntryDto(
                e.Id, e.BusinessDate, e.ValueDate, EnumCodes.ToCode(e.Kind), EnumCodes.ToCode(e.Component), M(e.AmountMinor), e.InstallmentNumber, e.Description, e.CreatedBy, e.CreatedAt)).ToList());
    }
}
