using System.Text.Json;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Identity;
using Cartera.Application.Scoring;
using Cartera.Domain.Common;
using Cartera.Domain.CreditEvaluation;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CreditEvaluation;

/// <summary>The credit evaluation's configuration: the policy's thresholds and the approval limits by role.</summary>
public sealed record CreditEvaluationOptions
{
    public CreditPolicy Policy { get; init; } = CreditPolicy.Default;

    public ApprovalAuthority Authority { get; init; } = ApprovalAuthority.Default;
}

/// <summary>
/// A credit application as submitted (API body, page form): the applicant, the monthly figures and the product in
/// major units of <see cref="Currency"/>, the form attributes and, optionally, bureau data (null: the latest imported
/// report of the document is used).
/// </summary>
public sealed record CreditApplicationRequest
{
    public string? DocumentType { get; init; }

    public string? DocumentNumber { get; init; }

    public string? FullName { get; init; }

    public string? Country { get; init; }

    public string? Currency { get; init; }

    public decimal MonthlyIncome { get; init; }

    public decimal MonthlyExpenses { get; init; }

    public decimal ExistingPayments { get; init; }

    public decimal ExistingDebt { get; init; }

    public decimal RequestedAmount { get; init; }

    public int TermMonths { get; init; }

    public decimal AnnualRate { get; init; }

    public DateOnly? BirthDate { get; init; }

    public ApplicantProfile Profile { get; init; } = new();

    public BureauData? Bureau { get; init; }
}

/// <summary>A decision that cannot be recorded because the application is no longer as the person saw it (→ 409).</summary>
public sealed class CreditApplicationConflictException(string code, string message) : ConflictException(code, message, "decision");

public sealed record StoredCreditReason(string Code, CreditRecommendation Effect, IReadOnlyDictionary<string, string> Values, string Es, string En)
{
    public string Text(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Es;
}

public sealed record StoredFigures(long InstallmentMinor, decimal Dti, long DisposableMinor, decimal DisposableShare, long MaxInstallmentMinor, long MaxAffordableMinor, int InstallmentRateBand, int Age);

/// <summary>The evaluation as stored with the application: what was recommended, why, the figures, the model and the policy used.</summary>
public sealed record StoredEvaluation(
    CreditRecommendation Recommendation,
    IReadOnlyList<StoredCreditReason> Reasons,
    StoredFigures Figures,
    ModelAssessment? Model,
    double ApproveBelow,
    double DeclineFrom,
    CreditPolicy Policy);

/// <summary>One application with its stored evaluation, form attributes and bureau data.</summary>
public sealed record CreditApplicationView(CreditApplication Application, StoredEvaluation Evaluation, ApplicantProfile Profile, BureauData? Bureau);

/// <summary>
/// The credit evaluation of new clients (docs/scoring.md, "Credit evaluation of new clients"): evaluate and store an
/// application (<see cref="EvaluateAsync"/>), record a person's decision within their authority
/// (<see cref="DecideAsync"/>, optimistic concurrency), list and read applications. Every change goes through the
/// audited SaveChanges; nothing personal is logged.
/// </summary>
public sealed class CreditApplications(CarteraDbContext db, ICreditBureau bureau, CreditEvaluationOptions options)
{
    public const int MaxNameLength = 200;

    /// <summary>The JSON of the stored profile, bureau data and evaluation: snake_case names and enum codes.</summary>
    public static JsonSerializerOptions Json => ScoringJson.Options;

    /// <summary>The approval level of a person's roles (the highest wins): admin, supervisor, analyst; others none.</summary>
    public static ApprovalLevel LevelOf(Func<string, bool> isInRole)
    {
        ArgumentNullException.ThrowIfNull(isInRole);
        return isInRole(Roles.Admin) ? ApprovalLevel.Admin
            : isInRole(Roles.Supervisor) ? ApprovalLevel.Supervisor
            : isInRole(Roles.Analyst) ? ApprovalLevel.Analyst
            : ApprovalLevel.None;
    }

    public CreditEvaluationOptions Options => options;

    /// <summary>
    /// Every invalid field of a request (empty when valid) and, when the request is valid, the domain input at
    /// <paramref name="applicationDate"/>. Field names are the API's snake_case names.
    /// </summary>
    public static (IReadOnlyList<FieldProblem> Problems, CreditApplicationInput? Input, IdentityDocument? Document, string? Country) Check(CreditApplicationRequest request, DateOnly applicationDate)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<FieldProblem>();
        IdentityDocument? document = null;
        if (!EnumCodes.TryParse<IdType>(request.DocumentType, out var idType))
        {
            problems.Add(new("document_type", "invalid_code", $"The document type is one of: {string.Join(", ", EnumCodes.Codes<IdType>())}."));
        }
        else
        {
            document = Try(problems, "document_number", () => IdentityDocument.Parse(idType, request.DocumentNumber ?? string.Empty));
        }

        var name = request.FullName?.Trim() ?? string.Empty;
        if (name.Length is 0 or > MaxNameLength)
        {
            problems.Add(new("full_name", "required", $"The applicant's full name is required (at most {MaxNameLength} characters)."));
        }

        var country = Try(problems, "country", () => Jurisdictions.NormalizeCountry(request.Country ?? string.Empty));
        if (!Domain.Common.Currency.TryOf(request.Currency, out var currency))
        {
            problems.Add(new("currency", "unknown_currency", $"'{request.Currency}' is not a known ISO 4217 currency code."));
            return (problems, null, document, country);
        }

        Money Amount(string field, decimal value) =>
            Try(problems, field, () => Money.Of(value, currency)) is { Currency.Code: not null } m ? m : Money.Zero(currency);

        var input = new CreditApplicationInput
        {
            Currency = currency,
            MonthlyIncome = Amount("monthly_income", request.MonthlyIncome),
            MonthlyExpenses = Amount("monthly_expenses", request.MonthlyExpenses),
            ExistingMonthlyPayments = Amount("existing_payments", request.ExistingPayments),
            ExistingDebtBalance = Amount("existing_debt", request.ExistingDebt),
            RequestedAmount = Amount("requested_amount", request.RequestedAmount),
            TermMonths = request.TermMonths,
            AnnualRate = request.AnnualRate,
            ApplicationDate = applicationDate,
            BirthDate = request.BirthDate ?? applicationDate,
            Profile = request.Profile ?? new ApplicantProfile(),
            Bureau = request.Bureau,
        };
        if (request.BirthDate is null)
        {
            problems.Add(new("birth_date", "required", "The birth date is required."));
        }

        foreach (var problem in input.Problems())
        {
            if (!problems.Any(p => p.Field == problem.Field))
            {
                problems.Add(problem);
            }
        }

        return (problems, problems.Count == 0 ? input : null, document, country);
    }

    /// <summary>
    /// Validates the request (the first invalid field throws <see cref="DomainException"/> with its code and field), takes
    /// the latest imported bureau report of the document when no bureau data is given, scores it with the active
    /// application model (none: the policy refers it), evaluates the policy and stores the application.
    /// </summary>
    public async Task<CreditApplicationView> EvaluateAsync(CreditApplicationRequest request, CancellationToken ct = default)
    {
        var today = BusinessCalendar.LenderToday(db.Clock);
        var (problems, checkedInput, document, country) = Check(request, today);
        if (problems.Count > 0)
        {
            throw problems[0].ToException();
        }

        var input = checkedInput!;
        var source = input.Bureau is null ? BureauSource.None : BureauSource.Entered;
        long? reportId = null;
        if (input.Bureau is null && await bureau.LatestAsync(document!.Type, document.ToString(), today, ct) is { } found)
        {
            input = input with { Bureau = found.Data };
            source = BureauSource.Imported;
            reportId = found.ReportId;
        }

        var policy = options.Policy;
        var figures = CreditFigures.Compute(input, policy);
        var active = await ApplicationModel.LoadActiveAsync(db, ct);
        var assessment = active is null ? null : ApplicationModel.Assess(active, input, figures);
        var decision = policy.Evaluate(input, assessment);
        var evaluation = new StoredEvaluation(
            decision.Recommendation,
            decision.Reasons.Select(r => new StoredCreditReason(r.Code, r.Effect, r.Values, r.Text("es"), r.Text("en"))).ToList(),
            new StoredFigures(figures.Installment.MinorUnits, figures.Dti, figures.DisposableIncome.MinorUnits, figures.DisposableShare, figures.MaxInstallment.MinorUnits, figures.MaxAffordable.MinorUnits, figures.InstallmentRateBand, figures.Age),
            assessment,
            decision.ApproveBelow,
            decision.DeclineFrom,
            policy);

        var application = new CreditApplication
        {
            DocumentType = document!.Type,
            DocumentNumber = document.ToString(),
            FullName = request.FullName!.Trim(),
            Country = country!,
            CurrencyCode = input.Currency.Code,
            ApplicationDate = today,
            BirthDate = input.BirthDate,
            MonthlyIncomeMinor = input.MonthlyIncome.MinorUnits,
            MonthlyExpensesMinor = input.MonthlyExpenses.MinorUnits,
            ExistingPaymentsMinor = input.ExistingMonthlyPayments.MinorUnits,
            ExistingDebtMinor = input.ExistingDebtBalance.MinorUnits,
            RequestedAmountMinor = input.RequestedAmount.MinorUnits,
            TermMonths = input.TermMonths,
            AnnualRate = input.AnnualRate,
            ProfileJson = JsonSerializer.Serialize(input.Profile, Json),
            BureauSource = source,
            BureauJson = input.Bureau is null ? null : JsonSerializer.Serialize(input.Bureau, Json),
            BureauReportId = reportId,
            EvaluationJson = JsonSerializer.Serialize(evaluation, Json),
            Recommendation = decision.Recommendation,
            ModelId = assessment?.ModelId,
            ProbabilityBad = assessment?.ProbabilityBad,
            Dti = decimal.Round(figures.Dti, 6, MidpointRounding.ToEven),
            InstallmentMinor = figures.Installment.MinorUnits,
            MaxAffordableMinor = figures.MaxAffordable.MinorUnits,
            Status = CreditApplicationStatus.Evaluated,
            CreatedBy = db.Actor.Name,
            CreatedAt = db.Clock.GetUtcNow(),
        };
        db.CreditApplications.Add(application);
        await db.SaveChangesAsync(ct);
        return View(application);
    }

    /// <summary>
    /// Records a person's decision: checked against <see cref="ApprovalAuthority"/> for <paramref name="level"/> (a refused
    /// decision changes nothing); <paramref name="expectedVersion"/> (the version the person saw) makes a concurrent change
    /// a <see cref="DbUpdateConcurrencyException"/>; an application already decided is a
    /// <see cref="CreditApplicationConflictException"/>. Null when the application does not exist.
    /// </summary>
    public async Task<CreditApplicationView?> DecideAsync(long id, CreditDecisionRequest request, uint? expectedVersion, ApprovalLevel level, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await db.CreditApplications.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null)
        {
            return null;
        }

        if (application.Status != CreditApplicationStatus.Evaluated)
        {
            throw new CreditApplicationConflictException("already_decided", $"Application {id} was already {EnumCodes.ToCode(application.Status)} by {application.DecidedBy}.");
        }

        if (expectedVersion is { } seen && seen != application.Version)
        {
            throw new DbUpdateConcurrencyException("The application was changed by someone else. Reload it and try again.");
        }

        var currency = Domain.Common.Currency.Of(application.CurrencyCode);
        var requested = Money.FromMinorUnits(application.RequestedAmountMinor, currency).Amount;
        options.Authority.Check(level, application.Recommendation, request, requested, currency.Code);
        var note = request.Note?.Trim();
        if (note is { Length: > 1000 })
        {
            throw new DomainException("invalid_value", "The note has at most 1000 characters.", "note");
        }

        if (request.Approve)
        {
            var amount = Try(null, "amount", () => Money.Of(request.Amount!.Value, currency));
            application.Status = CreditApplicationStatus.Approved;
            application.ApprovedAmountMinor = amount.MinorUnits;
            application.Override = application.Recommendation == CreditRecommendation.Decline;
        }
        else
        {
            application.Status = CreditApplicationStatus.Declined;
            application.DeclineReason = request.DeclineReason;
        }

        application.DecisionNote = string.IsNullOrEmpty(note) ? null : note;
        application.DecidedBy = db.Actor.Name;
        application.DecidedAt = db.Clock.GetUtcNow();
        if (expectedVersion is { } expected)
        {
            db.Entry(application).Property(a => a.Version).OriginalValue = expected;
        }

        await db.SaveChangesAsync(ct);
        return View(application);
    }

    public async Task<CreditApplicationView?> GetAsync(long id, CancellationToken ct = default)
    {
        var application = await db.CreditApplications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        return application is null ? null : View(application);
    }

    /// <summary>A page of applications, newest first, optionally filtered by status and recommendation; and the total.</summary>
    public async Task<(IReadOnlyList<CreditApplication> Items, int Total)> ListAsync(CreditApplicationStatus? status, CreditRecommendation? recommendation, int page, int pageSize, CancellationToken ct = default)
    {
        var query = db.CreditApplications.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        if (recommendation is { } r)
        {
            query = query.Where(a => a.Recommendation == r);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.Id).Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (items, total);
    }

    public static CreditApplicationView View(CreditApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new CreditApplicationView(
            application,
            JsonSerializer.Deserialize<StoredEvaluation>(application.EvaluationJson, Json)!,
            JsonSerializer.Deserialize<ApplicantProfile>(application.ProfileJson, Json) ?? new ApplicantProfile(),
            application.BureauJson is null ? null : JsonSerializer.Deserialize<BureauData>(application.BureauJson, Json));
    }

    private static T? Try<T>(List<FieldProblem>? problems, string field, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (DomainException e) when (problems is not null)
        {
            problems.Add(new FieldProblem(field, e.Code, e.Message));
            return default;
        }
        catch (DomainException e)
        {
            throw new DomainException(e.Code, e.Message, field);
        }
    }
}
