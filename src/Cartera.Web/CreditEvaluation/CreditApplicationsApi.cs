using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Cartera.Application.CreditEvaluation;
using Cartera.Domain.Common;
using Cartera.Domain.CreditEvaluation;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.CreditEvaluation;

/// <summary>
/// <c>/api/v1/credit-applications</c> (docs/user/credit-evaluation.md): evaluate and store an application (POST), list
/// (paged, by status and recommendation), read one, record the decision. Admin, supervisor and analyst evaluate and
/// decide (within their authority); the auditor reads; collectors, field agents and agencies get 403.
/// </summary>
public static class CreditApplicationsApi
{
    public static RouteGroupBuilder MapCreditApplicationsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/credit-applications").WithTags("Credit evaluation").RequireAuthorization(Policies.ReadCreditApplications);
        group.MapPost("/", Evaluate)
            .RequireAuthorization(Policies.EvaluateCredit)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Evaluates a credit application of a new client, stores it and answers the evaluation.")
            .WithDescription("Figures (installment, debt-to-income, disposable income, maximum affordable amount), the recommendation (approve, refer, decline) with its ordered reasons in Spanish and English, and the application model's probability and reasons. Without bureau data the latest imported report of the document is used. An invalid field → 422 with code and field.");
        group.MapGet("/", List).WithSummary("Credit applications, newest first (status: evaluated|approved|declined; recommendation: approve|refer|decline).");
        group.MapGet("/{id:long}", Get).WithSummary("One credit application with its evaluation and decision.");
        group.MapPost("/{id:long}/decision", Decide)
            .RequireAuthorization(Policies.EvaluateCredit)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Records the person's decision (approve with an amount, or decline with a reason code) within their authority.")
            .WithDescription("Above the person's approval limit → 422 above_authority; approving a declined recommendation needs a supervisor or admin and a note (override); a stale version or an application already decided → 409.");
        return api;
    }

    /// <param name="AnnualRate">Effective annual rate as a fraction (0.2436 = 24.36 %).</param>
    public sealed record EvaluateRequest(
        string? DocumentType,
        string? DocumentNumber,
        string? FullName,
        string? Country,
        DateOnly? BirthDate,
        string? Currency,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? MonthlyIncome,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? MonthlyExpenses,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? ExistingPayments,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? ExistingDebt,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? RequestedAmount,
        int? TermMonths,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? AnnualRate,
        ProfileInput? Profile,
        BureauInput? Bureau);

    /// <summary>The form attributes: codes as listed in docs/user/credit-evaluation.md; amounts in the application's currency.</summary>
    public sealed record ProfileInput(
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? CheckingBalance,
        string? CreditHistory,
        string? Purpose,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? Savings,
        string? EmploymentSince,
        string? OtherDebtors,
        int? YearsAtResidence,
        string? Property,
        string? OtherInstallmentPlans,
        string? Housing,
        int? ExistingCreditsHere,
        string? Job,
        int? Dependents,
        bool? Telephone);

    public sealed record BureauInput(
        int? Score,
        int? OpenAccounts,
        int? DelinquentAccounts,
        [property: JsonPropertyName("worst_delinquency_days_24m")] int? WorstDelinquencyDays24m,
        [property: JsonPropertyName("inquiries_6m")] int? Inquiries6m,
        DateOnly? ReportDate);

    /// <param name="Decision">approve or decline.</param>
    /// <param name="ReasonCode">Required to decline: affordability, credit_history, bureau, model_risk, documentation, policy, withdrawn, other.</param>
    /// <param name="Version">The version read with the application; a different current version → 409.</param>
    public sealed record DecisionRequest(
        string? Decision,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? Amount,
        string? ReasonCode,
        string? Note,
        uint? Version);

    public sealed record ReasonDto(string Code, string Effect, IReadOnlyDictionary<string, string> Values, string Es, string En);

    public sealed record ModelReasonDto(string Key, bool RaisesRisk, string Es, string En);

    public sealed record ModelDto(long Id, string Version, double ProbabilityBad, double? CostOptimalThreshold, IReadOnlyList<ModelReasonDto> Reasons);

    public sealed record FiguresDto(MoneyDto Installment, decimal Dti, MoneyDto DisposableIncome, decimal DisposableShare, MoneyDto MaxInstallment, MoneyDto MaxAffordable, int InstallmentRateBand, int Age);

    public sealed record DecisionDto(string DecidedBy, DateTimeOffset DecidedAt, MoneyDto? ApprovedAmount, string? ReasonCode, string? Note, bool Override);

    public sealed record CreditApplicationDto(
        long Id,
        uint Version,
        string Status,
        string Recommendation,
        string DocumentType,
        string DocumentNumber,
        string FullName,
        string Country,
        DateOnly ApplicationDate,
        MoneyDto RequestedAmount,
        int TermMonths,
        decimal AnnualRate,
        MoneyDto MonthlyIncome,
        MoneyDto MonthlyExpenses,
        MoneyDto ExistingPayments,
        MoneyDto ExistingDebt,
        FiguresDto Figures,
        IReadOnlyList<ReasonDto> Reasons,
        ModelDto? Model,
        double ApproveBelow,
        double DeclineFrom,
        string BureauSource,
        BureauInput? Bureau,
        DecisionDto? Decision,
        string CreatedBy,
        DateTimeOffset CreatedAt);

    public sealed record SummaryDto(long Id, string Status, string Recommendation, string FullName, string DocumentType, string DocumentNumber, MoneyDto RequestedAmount, int TermMonths, double? ProbabilityBad, decimal Dti, DateTimeOffset CreatedAt, string CreatedBy);

    internal static async Task<Created<CreditApplicationDto>> Evaluate(EvaluateRequest request, CreditApplications applications, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<FieldProblem>();
        var parsed = ToForm(request).ToRequest(problems);
        if (problems.Count > 0)
        {
            throw problems[0].ToException();
        }

        var view = await applications.EvaluateAsync(parsed, ct);
        return TypedResults.Created($"/api/v1/credit-applications/{view.Application.Id.ToString(CultureInfo.InvariantCulture)}", ToDto(view));
    }

    internal static async Task<Ok<Paged<SummaryDto>>> List(CreditApplications applications, string? status, string? recommendation, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = Portfolio.PortfolioSearch.Paging(page, pageSize);
        CreditApplicationStatus? s = string.IsNullOrWhiteSpace(status) ? null : Codes.Parse<CreditApplicationStatus>(status, "status");
        CreditRecommendation? r = string.IsNullOrWhiteSpace(recommendation) ? null : Codes.Parse<CreditRecommendation>(recommendation, "recommendation");
        var (items, total) = await applications.ListAsync(s, r, p, size, ct);
        var dtos = items.Select(a => new SummaryDto(
            a.Id, EnumCodes.ToCode(a.Status), EnumCodes.ToCode(a.Recommendation), a.FullName, EnumCodes.ToCode(a.DocumentType), a.DocumentNumber,
            MoneyDto.FromMinor(a.RequestedAmountMinor, a.CurrencyCode), a.TermMonths, a.ProbabilityBad, a.Dti, a.CreatedAt, a.CreatedBy)).ToList();
        return TypedResults.Ok(new Paged<SummaryDto>(dtos, p, size, total));
    }

    internal static async Task<Results<Ok<CreditApplicationDto>, NotFound>> Get(long id, CreditApplications applications, CancellationToken ct) =>
        await applications.GetAsync(id, ct) is { } view ? TypedResults.Ok(ToDto(view)) : TypedResults.NotFound();

    internal static async Task<Results<Ok<CreditApplicationDto>, NotFound, ProblemHttpResult>> Decide(long id, DecisionRequest request, ClaimsPrincipal user, CreditApplications applications, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var approve = request.Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => true,
            "decline" => false,
            _ => throw new DomainException(string.IsNullOrWhiteSpace(request.Decision) ? "required" : "invalid_code", "decision must be one of: approve, decline.", "decision"),
        };
        CreditDeclineReason? reason = approve || string.IsNullOrWhiteSpace(request.ReasonCode) ? null : Codes.Parse<CreditDeclineReason>(request.ReasonCode, "reason_code");
        var view = await applications.DecideAsync(id, new CreditDecisionRequest(approve, request.Amount, reason, request.Note), request.Version, CreditApplications.LevelOf(user.IsInRole), ct);
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(ToDto(view));
    }

    /// <summary>The API body as the page's form (one reading path: the same parsing and the same per-field problems).</summary>
    internal static CreditApplicationForm ToForm(EvaluateRequest r)
    {
        static string? N(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);
        static string? I(int? i) => i?.ToString(CultureInfo.InvariantCulture);
        var p = r.Profile ?? new ProfileInput(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        var b = r.Bureau;
        return new CreditApplicationForm
        {
            DocumentType = r.DocumentType,
            DocumentNumber = r.DocumentNumber,
            FullName = r.FullName,
            Country = r.Country,
            BirthDate = r.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Currency = r.Currency,
            MonthlyIncome = N(r.MonthlyIncome),
            MonthlyExpenses = N(r.MonthlyExpenses),
            ExistingPayments = N(r.ExistingPayments ?? 0m),
            ExistingDebt = N(r.ExistingDebt ?? 0m),
            RequestedAmount = N(r.RequestedAmount),
            TermMonths = I(r.TermMonths),
            AnnualRatePercent = N(r.AnnualRate * 100m),
            CheckingBalance = N(p.CheckingBalance),
            CreditHistory = p.CreditHistory,
            Purpose = p.Purpose,
            Savings = N(p.Savings),
            EmploymentSince = p.EmploymentSince,
            OtherDebtors = p.OtherDebtors,
            YearsAtResidence = I(p.YearsAtResidence ?? 0),
            Property = p.Property,
            OtherInstallmentPlans = p.OtherInstallmentPlans,
            Housing = p.Housing,
            ExistingCreditsHere = I(p.ExistingCreditsHere ?? 0),
            Job = p.Job,
            Dependents = I(p.Dependents ?? 0),
            Telephone = p.Telephone ?? false,
            BureauReportDate = b is null ? null : b.ReportDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
            BureauScore = I(b?.Score),
            BureauOpenAccounts = I(b?.OpenAccounts ?? 0),
            BureauDelinquentAccounts = I(b?.DelinquentAccounts ?? 0),
            BureauWorstDelinquencyDays = I(b?.WorstDelinquencyDays24m ?? 0),
            BureauInquiries = I(b?.Inquiries6m ?? 0),
        };
    }

    internal static CreditApplicationDto ToDto(CreditApplicationView view)
    {
        var a = view.Application;
        var e = view.Evaluation;
        MoneyDto M(long minor) => MoneyDto.FromMinor(minor, a.CurrencyCode);
        var f = e.Figures;
        return new CreditApplicationDto(
            a.Id,
            a.Version,
            EnumCodes.ToCode(a.Status),
            EnumCodes.ToCode(a.Recommendation),
            EnumCodes.ToCode(a.DocumentType),
            a.DocumentNumber,
            a.FullName,
            a.Country,
            a.ApplicationDate,
            M(a.RequestedAmountMinor),
            a.TermMonths,
            a.AnnualRate,
            M(a.MonthlyIncomeMinor),
            M(a.MonthlyExpensesMinor),
            M(a.ExistingPaymentsMinor),
            M(a.ExistingDebtMinor),
            new FiguresDto(M(f.InstallmentMinor), f.Dti, M(f.DisposableMinor), f.DisposableShare, M(f.MaxInstallmentMinor), M(f.MaxAffordableMinor), f.InstallmentRateBand, f.Age),
            e.Reasons.Select(r => new ReasonDto(r.Code, EnumCodes.ToCode(r.Effect), r.Values, r.Es, r.En)).ToList(),
            e.Model is { } m ? new ModelDto(m.ModelId, m.ModelVersion, m.ProbabilityBad, m.CostOptimalThreshold, m.Reasons.Select(x => new ModelReasonDto(x.Key, x.RaisesRisk, x.Es, x.En)).ToList()) : null,
            e.ApproveBelow,
            e.DeclineFrom,
            EnumCodes.ToCode(a.BureauSource),
            view.Bureau is { } b ? new BureauInput(b.Score, b.OpenAccounts, b.DelinquentAccounts, b.WorstDelinquencyDays24m, b.Inquiries6m, b.ReportDate) : null,
            a.DecidedBy is null || a.DecidedAt is null
                ? null
                : new DecisionDto(a.DecidedBy, a.DecidedAt.Value, a.ApprovedAmountMinor is { } approved ? M(approved) : null, a.DeclineReason is { } d ? EnumCodes.ToCode(d) : null, a.DecisionNote, a.Override),
            a.CreatedBy,
            a.CreatedAt);
    }
}
