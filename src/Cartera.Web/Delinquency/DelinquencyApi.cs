using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Web.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Delinquency;

/// <summary>
/// Delinquency views: <c>GET /api/v1/obligations/{id}/delinquency?date=D</c> explains an obligation's figures on any
/// date (object-level access like the obligation itself); <c>GET /api/v1/delinquency/aging?date=D</c> is the aging
/// report of a closed date for every role, over the obligations the caller sees (collectors, field agents and agencies:
/// their assigned debtors' only), exactly as the aging page.
/// </summary>
public static class DelinquencyApi
{
    public static RouteGroupBuilder MapDelinquencyApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/obligations/{id:long}/delinquency", Explain)
            .WithTags("Delinquency")
            .RequireAuthorization(Policies.ReadPortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("How the obligation's DPD, arrears interest, category and provision come about on a date (default: the current business date).");
        api.MapGet("/delinquency/aging", Aging)
            .WithTags("Delinquency")
            .RequireAuthorization(Policies.ReadPortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Portfolio by aging bucket and by regulatory category on a closed date (default: the last closed date); assigned-only roles see their debtors' obligations.");
        return api;
    }

    public sealed record ComponentDto(string Component, MoneyDto Due, MoneyDto Settled, MoneyDto Outstanding);

    public sealed record ExplainedInstallmentDto(int Number, DateOnly DueDate, bool PastDue, IReadOnlyList<ComponentDto> Components, MoneyDto TotalOutstanding);

    public sealed record CapDto(string Modality, DateOnly ValidFrom, DateOnly ValidTo, decimal UsuryEa, string Source, bool Verified);

    public sealed record SegmentDto(
        int Installment, DateOnly From, DateOnly To, int Days, MoneyDto UnpaidPrincipal, decimal AnnualRateEa, decimal DailyRate, CapDto? Cap, bool CapBounded, MoneyDto PerDay, MoneyDto Amount)
    {
        /// <summary>No cap row covers these days: the cap is the last published one carried forward.</summary>
        public bool CapAssumed { get; init; }
    }

    public sealed record ExplanationDto(
        long ObligationId,
        string ExternalId,
        DateOnly Date,
        string Product,
        string CapModality,
        decimal? ContractArrearsRateEa,
        int Dpd,
        string Bucket,
        DateOnly? OldestUnpaidDueDate,
        MoneyDto OverduePrincipal,
        MoneyDto OverdueInterest,
        MoneyDto OverdueInsurance,
        MoneyDto OverdueOther,
        MoneyDto ArrearsInterest,
        MoneyDto Fees,
        MoneyDto TotalDue,
        MoneyDto OutstandingPrincipal,
        MoneyDto Exposure,
        MoneyDto CreditBalance,
        string ClassificationTable,
        string OwnCategory,
        string Classification,
        decimal ProvisionRate,
        MoneyDto Provision,
        int Ifrs9Stage,
        bool WriteOffProposed,
        bool SnapshotStored,
        bool? MatchesSnapshot,
        IReadOnlyList<ExplainedInstallmentDto> Installments,
        IReadOnlyList<SegmentDto> Segments)
    {
        /// <summary>The months (yyyy-MM) whose arrears rest on a cap carried forward (docs/user/rates.md).</summary>
        public IReadOnlyList<string> CapAssumedMonths { get; init; } = [];
    }

    public sealed record AgingLineDto(string Key, string Currency, int Count, MoneyDto Outstanding, MoneyDto Overdue, MoneyDto TotalDue, MoneyDto Provision);

    public sealed record AgingDto(DateOnly Date, string? Product, string? Branch, IReadOnlyList<AgingLineDto> ByBucket, IReadOnlyList<AgingLineDto> ByClassification)
    {
        /// <summary>How many of the obligations were computed with a cap carried forward (snapshots marked cap_assumed).</summary>
        public int CapAssumed { get; init; }
    }

    internal static async Task<Results<Ok<ExplanationDto>, NotFound>> Explain(long id, string? date, ClaimsPrincipal user, CarteraDbContext db, CancellationToken ct)
    {
        if (!await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(PortfolioAccess.VisibleObligations(db, user), o => o.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var day = ParseDate(date) ?? await new BusinessCalendar(db).CurrentAsync(ct);
        var e = await new DelinquencyExplainer(db).ExplainAsync(id, day, ct);
        return TypedResults.Ok(ToDto(e));
    }

    internal static async Task<Ok<AgingDto>> Aging(string? date, string? product, string? branch, ClaimsPrincipal user, CarteraDbContext db, CancellationToken ct)
    {
        var day = ParseDate(date) ?? await new BusinessCalendar(db).LastClosedAsync(ct)
            ?? throw new DomainException("date_not_closed", "No business date has been closed yet.", "date");
        var report = await new DelinquencyAging(db).ReportAsync(PortfolioAccess.VisibleObligations(db, user), new AgingFilter(day, product, branch), ct);
        static AgingLineDto Line(AgingLine l) => new(
            l.Key, l.CurrencyCode, l.Count, MoneyDto.FromMinor(l.Outstanding, l.CurrencyCode), MoneyDto.FromMinor(l.Overdue, l.CurrencyCode),
            MoneyDto.FromMinor(l.TotalDue, l.CurrencyCode), MoneyDto.FromMinor(l.Provision, l.CurrencyCode));
        return TypedResults.Ok(new AgingDto(day, product, branch, report.ByBucket.Select(Line).ToList(), report.ByClassification.Select(Line).ToList()) { CapAssumed = report.CapAssumed });
    }

    /// <summary>A yyyy-MM-dd date, or null when absent; anything else is a 422 on <c>date</c>.</summary>
    internal static DateOnly? ParseDate(string? date)
    {
        if (string.IsNullOrWhiteSpace(date))
        {
            return null;
        }

        return DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new DomainException("invalid_date", "date is a date in the form yyyy-MM-dd.", "date");
    }

    internal static ExplanationDto ToDto(DelinquencyExplanation e)
    {
        MoneyDto M(long minor) => MoneyDto.FromMinor(minor, e.CurrencyCode);
        var f = e.Figures;
        var s = e.Snapshot;
        bool? matches = s is null
            ? null
            : s.Dpd == f.DaysPastDue && s.ArrearsInterestMinor == f.ArrearsInterest && s.TotalDueMinor == f.TotalDue && s.Classification == e.Classification && s.ProvisionMinor == e.Provision;
        return new ExplanationDto(
            e.ObligationId,
            e.ExternalId,
            e.Date,
            e.Product,
            e.CapModality,
            e.ContractArrearsEa,
            f.DaysPastDue,
            f.Bucket,
            f.OldestUnpaidDueDate,
            M(f.OverduePrincipal),
            M(f.OverdueInterest),
            M(f.OverdueInsurance),
            M(f.OverdueOther),
            M(f.ArrearsInterest),
            M(f.Fees),
            M(f.TotalDue),
            M(f.OutstandingPrincipal),
            M(f.Exposure),
            M(f.CreditBalance),
            EnumCodes.ToCode(e.ClassificationTable),
            e.OwnCategory,
            e.Classification,
            e.ProvisionRate,
            M(e.Provision),
            e.Ifrs9Stage,
            e.WriteOffProposed,
            s is not null,
            matches,
            e.Installments.Select(i => new ExplainedInstallmentDto(
                i.Number, i.DueDate, i.PastDue, i.Components.Select(c => new ComponentDto(EnumCodes.ToCode(c.Component), M(c.Due), M(c.Settled), M(c.Outstanding))).ToList(), M(i.TotalOutstanding))).ToList(),
            e.Segments.Select(x => new SegmentDto(
                x.InstallmentNumber, x.From, x.To, x.Days, M(x.UnpaidPrincipal), x.AnnualRate, x.DailyRate,
                x.Cap is { } c ? new CapDto(c.Modality, c.ValidFrom, c.ValidTo, c.UsuryEa, c.Source, c.Verified) : null,
                x.CapBounded, M(x.PerDay), M(x.Amount))
            {
                CapAssumed = x.CapAssumed,
            }).ToList())
        {
            CapAssumedMonths = e.CapAssumedMonths.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList(),
        };
    }
}
