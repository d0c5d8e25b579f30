using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Data;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Common;
using Cartera.Web.Portfolio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Api;

/// <summary>
/// Risk scores: <c>GET /api/v1/debtors/{id}/score</c> (the latest score, segment, three reasons and the ranked next
/// actions) and <c>GET /api/v1/scoring/segments?date=D&amp;segment=S&amp;page=&amp;pageSize=</c> (segments with counts and
/// balances, debtors by score). Both follow <see cref="PortfolioAccess"/>: assigned-only roles see their debtors only
/// (another debtor's score is a 404, and they are not counted in the segments).
/// </summary>
public static class ScoringApi
{
    public static RouteGroupBuilder MapScoringApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/debtors/{id:long}/score", Score).WithTags("Scoring").RequireAuthorization(Policies.ReadPortfolio)
            .WithSummary("The debtor's latest payment-probability score with its segment, three reasons and ranked next actions.");
        api.MapGet("/scoring/segments", Segments).WithTags("Scoring").RequireAuthorization(Policies.ReadPortfolio)
            .WithSummary("Segments (risk × balance × days past due) of a scored date with counts and balances, and a page of debtors by score.");
        return api;
    }

    internal static async Task<Results<Ok<DebtorScoreView>, NotFound>> Score(long id, ClaimsPrincipal user, CarteraDbContext db, CancellationToken ct)
    {
        if (!await PortfolioAccess.VisibleDebtors(db, user).AnyAsync(d => d.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var score = await new DebtorScoreQueries(db).LatestAsync(id, ct: ct);
        return score is null ? TypedResults.NotFound() : TypedResults.Ok(score);
    }

    internal static async Task<Ok<SegmentReport>> Segments(ClaimsPrincipal user, CarteraDbContext db, string? date, string? segment, int? page, int? pageSize, CancellationToken ct)
    {
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(date))
        {
            day = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw new DomainException("invalid_value", "date is yyyy-MM-dd.", "date");
        }

        var (p, size) = PortfolioSearch.Paging(page, pageSize);
        var visible = PortfolioAccess.VisibleDebtors(db, user).Select(d => d.Id);
        return TypedResults.Ok(await new DebtorScoreQueries(db).SegmentsAsync(visible, day, segment, p, size, ct));
    }
}
