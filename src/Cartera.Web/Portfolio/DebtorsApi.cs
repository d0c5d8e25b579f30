using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Portfolio;

/// <summary>
/// <c>/api/v1/debtors</c>: search with paging, one debtor with contact points and current consents, create.
/// Reading follows <see cref="PortfolioAccess"/> (assigned-only roles get 404 for other debtors); creating needs
/// admin or supervisor.
/// </summary>
public static class DebtorsApi
{
    public static RouteGroupBuilder MapDebtorsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/debtors").WithTags("Debtors").RequireAuthorization(Policies.ReadPortfolio);
        group.MapGet("/", List).WithSummary("Searches debtors by name, ID number, external id or obligation number.");
        group.MapGet("/{id:long}", Get).WithSummary("A debtor with contact points and current consents.");
        group.MapPost("/", Create)
            .RequireAuthorization(Policies.WritePortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Creates a debtor (validated by the domain: identity document, contact points).");
        return api;
    }

    public sealed record DebtorSummary(long Id, string ExternalId, string Kind, string IdType, string IdNumber, string FullName, string Country, string? Segment);

    public sealed record ContactPointDto(long Id, string Channel, string Value, bool IsPrimary, bool Verified, bool DoNotContact, TimeOnly? PreferredFrom, TimeOnly? PreferredTo);

    public sealed record ConsentDto(string Channel, string Purpose, bool Granted, DateTimeOffset RecordedAt, string Method);

    public sealed record DebtorDetails(
        long Id,
        string ExternalId,
        string Kind,
        string IdType,
        string IdNumber,
        string FullName,
        DateOnly? BirthDate,
        string Country,
        string? Region,
        string? City,
        string? Address,
        string TimeZone,
        string Language,
        string? Segment,
        IReadOnlyList<ContactPointDto> ContactPoints,
        IReadOnlyList<ConsentDto> Consents);

    public sealed record ContactPointInput(string Channel, string Value);

    public sealed record ConsentInput(string Channel, string Purpose, bool Granted, string Method, string? Evidence);

    public sealed record CreateDebtorRequest(
        string ExternalId,
        string Kind,
        string IdType,
        string IdNumber,
        string FullName,
        DateOnly? BirthDate,
        string Country,
        string? Region,
        string? City,
        string? Address,
        string? TimeZone,
        string? Language,
        string? Segment,
        IReadOnlyList<ContactPointInput>? ContactPoints,
        IReadOnlyList<ConsentInput>? Consents);

    internal static async Task<Ok<Paged<DebtorSummary>>> List(
        ClaimsPrincipal user, CarteraDbContext db, string? q, string? country, string? segment, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = PortfolioSearch.Paging(page, pageSize);
        var query = PortfolioSearch.Debtors(db, PortfolioAccess.VisibleDebtors(db, user), q, country, segment);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(d => d.FullName).ThenBy(d => d.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<DebtorSummary>(rows.Select(Summary).ToList(), p, size, total));
    }

    internal static async Task<Results<Ok<DebtorDetails>, NotFound>> Get(long id, ClaimsPrincipal user, CarteraDbContext db, CancellationToken ct)
    {
        var debtor = await PortfolioAccess.VisibleDebtors(db, user)
            .Include(d => d.ContactPoints)
            .Include(d => d.Consents)
            .AsSplitQuery()
            .SingleOrDefaultAsync(d => d.Id == id, ct);
        if (debtor is null)
        {
            await PortfolioAccess.AuditDeniedAsync(db, nameof(Debtor), id, ct);
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(Details(debtor));
    }

    internal static async Task<Results<Created<DebtorDetails>, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>> Create(
        CreateDebtorRequest request, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var idType = Codes.Parse<IdType>(request.IdType, "id_type");
        var document = IdentityDocument.Parse(idType, request.IdNumber ?? string.Empty);
        if (request.TimeZone is { Length: > 0 } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            throw new DomainException("unknown_time_zone", $"'{zone}' is not an IANA time zone.", "time_zone");
        }

        var data = new DebtorData(
            request.ExternalId ?? string.Empty,
            Codes.Parse<PartyKind>(request.Kind, "kind"),
            document,
            request.FullName ?? string.Empty,
            request.BirthDate,
            request.Country ?? string.Empty,
            request.Region,
            request.City,
            request.Address,
            request.TimeZone,
            request.Language,
            request.Segment);
        var debtor = Debtor.Create(data, now);
        foreach (var contact in request.ContactPoints ?? [])
        {
            debtor.AddContactPoint(Codes.Parse<ContactChannel>(contact.Channel, "channel"), contact.Value ?? string.Empty, now);
        }

        foreach (var consent in request.Consents ?? [])
        {
            debtor.RecordConsent(
                Codes.Parse<ConsentChannel>(consent.Channel, "consent.channel"),
                Codes.Parse<ConsentPurpose>(consent.Purpose, "consent.purpose"),
                consent.Granted,
                actor.Name,
                consent.Method ?? string.Empty,
                consent.Evidence,
                now);
        }

        if (await db.Debtors.AnyAsync(d => d.ExternalId == debtor.ExternalId, ct))
        {
            return TypedResults.Conflict(Problems.Conflict("duplicate_external_id", "A debtor with this external id already exists.", "external_id"));
        }

        if (await db.Debtors.AnyAsync(d => d.Country == debtor.Country && d.IdType == debtor.IdType && d.IdNumber == debtor.IdNumber, ct))
        {
            return TypedResults.Conflict(Problems.Conflict("duplicate_identity", "A debtor with this identity document already exists in the country.", "id_number"));
        }

        db.Debtors.Add(debtor);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/debtors/{debtor.Id}", Details(debtor));
    }

    internal static DebtorSummary Summary(Debtor d) =>
        new(d.Id, d.ExternalId, EnumCodes.ToCode(d.Kind), EnumCodes.ToCode(d.IdType), d.Document.ToString(), d.FullName, d.Country, d.Segment);

    internal static IReadOnlyList<ConsentRecord> CurrentConsents(Debtor debtor) =>
        debtor.Consents
            .Select(c => (c.Channel, c.Purpose))
            .Distinct()
            .Select(k => debtor.CurrentConsent(k.Channel, k.Purpose)!)
            .OrderBy(c => c.Channel)
            .ThenBy(c => c.Purpose)
            .ToList();

    private static DebtorDetails Details(Debtor d) => new(
        d.Id,
        d.ExternalId,
        EnumCodes.ToCode(d.Kind),
        EnumCodes.ToCode(d.IdType),
        d.Document.ToString(),
        d.FullName,
        d.BirthDate,
        d.Country,
        d.Region,
        d.City,
        d.Address,
        d.TimeZone,
        d.Language,
        d.Segment,
        d.ContactPoints.OrderBy(c => c.Channel).ThenByDescending(c => c.IsPrimary).Select(c => new ContactPointDto(
            c.Id, EnumCodes.ToCode(c.Channel), c.Value, c.IsPrimary, c.Verified, c.DoNotContact, c.PreferredFrom, c.PreferredTo)).ToList(),
        CurrentConsents(d).Select(c => new ConsentDto(EnumCodes.ToCode(c.Channel), EnumCodes.ToCode(c.Purpose), c.Granted, c.RecordedAt, c.Method)).ToList());
}
