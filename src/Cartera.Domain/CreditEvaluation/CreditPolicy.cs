using System.Globalization;
using Cartera.Domain.Common;

namespace Cartera.Domain.CreditEvaluation;

/// <summary>One model reason as the scoring layer explains it (key, direction, texts in Spanish and English).</summary>
public sealed record ModelReason(string Key, bool RaisesRisk, string Es, string En);

/// <summary>
/// The application model's output for one application: registry id and version, the calibrated probability of a bad
/// outcome, the model's cost-optimal threshold from its manifest (when the format has a cost matrix) and its three
/// main reasons.
/// </summary>
public sealed record ModelAssessment(long ModelId, string ModelVersion, double ProbabilityBad, double? CostOptimalThreshold, IReadOnlyList<ModelReason> Reasons);

/// <summary>
/// One reason of a recommendation: a stable code, the recommendation it pushes to (<see cref="CreditRecommendation.Approve"/>
/// for a supporting, informational reason) and its values as invariant text (percentages as fractions, amounts in major
/// units with the currency). Texts: <see cref="CreditReasonTexts"/>.
/// </summary>
public sealed record CreditReason(string Code, CreditRecommendation Effect, IReadOnlyDictionary<string, string> Values)
{
    public string Text(string language) => CreditReasonTexts.Render(this, language);
}

/// <summary>The recommendation, its ordered reasons (hard rules first), the figures and the model's assessment.</summary>
public sealed record CreditDecision(
    CreditRecommendation Recommendation,
    IReadOnlyList<CreditReason> Reasons,
    CreditFigures Figures,
    ModelAssessment? Model,
    double ApproveBelow,
    double DeclineFrom);

/// <summary>
/// The credit policy: every threshold is configuration with a stated default (docs/scoring.md, "Credit evaluation of new
/// clients"). The defaults are prudential starting points for a consumer lender, not legal caps. Rules, in the order
/// their reasons are listed:
/// <list type="number">
/// <item>age below <see cref="MinAge"/> → decline;</item>
/// <item>bureau: more than <see cref="MaxDelinquentAccounts"/> accounts currently past due → decline;</item>
/// <item>affordability: DTI above <see cref="MaxDti"/> or disposable share below <see cref="MinDisposableShare"/> →
/// refer with a counter-offer (the maximum affordable amount) when one is at least <see cref="MinCounterOfferShare"/> of
/// the request, else decline;</item>
/// <item>bureau: no data → refer; report older than <see cref="MaxReportAgeDays"/> → refer; worst delinquency ≥
/// <see cref="ReferWorstDelinquencyDays"/> in 24 months → refer; more than <see cref="MaxInquiries6m"/> inquiries in 6
/// months → refer; score below <see cref="MinBureauScore"/> (off by default) → refer;</item>
/// <item>model: none active → refer; p(bad) ≥ <see cref="DeclineFrom"/> → decline; p(bad) ≥ the approve threshold → refer;
/// else approve. The approve threshold is <see cref="ApproveBelow"/> when set, else the model's cost-optimal threshold
/// from its manifest, else <see cref="DefaultApproveBelow"/>.</item>
/// </list>
/// A decline reason wins over any refer or approve; a refer over an approve.
/// </summary>
public sealed record CreditPolicy
{
    public const double DefaultApproveBelow = 0.15;

    public decimal MaxDti { get; init; } = 0.40m;

    public decimal MinDisposableShare { get; init; } = 0.10m;

    public decimal MinCounterOfferShare { get; init; } = 0.25m;

    public int MinAge { get; init; } = 18;

    public int MaxDelinquentAccounts { get; init; }

    public int ReferWorstDelinquencyDays { get; init; } = 90;

    public int MaxReportAgeDays { get; init; } = 30;

    public int MaxInquiries6m { get; init; } = 6;

    public int? MinBureauScore { get; init; }

    /// <summary>Null: the model's cost-optimal threshold, else <see cref="DefaultApproveBelow"/>.</summary>
    public double? ApproveBelow { get; init; }

    public double DeclineFrom { get; init; } = 0.50;

    public static CreditPolicy Default { get; } = new();

    public void Check()
    {
        if (MaxDti is <= 0m or > 1m || MinDisposableShare is < 0m or >= 1m || MinCounterOfferShare is < 0m or > 1m
            || MinAge < 0 || MaxDelinquentAccounts < 0 || ReferWorstDelinquencyDays < 1 || MaxReportAgeDays < 0 || MaxInquiries6m < 0
            || DeclineFrom is <= 0 or > 1 || ApproveBelow is <= 0 or > 1 || (ApproveBelow is { } a && a > DeclineFrom))
        {
            throw new DomainException("credit_policy_invalid", "The credit policy's thresholds are out of range (shares in (0, 1], approve threshold ≤ decline threshold).", "policy");
        }
    }

    public CreditDecision Evaluate(CreditApplicationInput input, ModelAssessment? model)
    {
        ArgumentNullException.ThrowIfNull(input);
        Check();
        input.Validate();
        var f = CreditFigures.Compute(input, this);
        var reasons = new List<CreditReason>();
        var money = (Money m) => m.Amount.ToString(CultureInfo.InvariantCulture) + " " + m.Currency.Code;
        var share = (decimal d) => decimal.Round(d, 4, MidpointRounding.ToEven).ToString(CultureInfo.InvariantCulture);
        var integer = (int i) => i.ToString(CultureInfo.InvariantCulture);

        if (f.Age < MinAge)
        {
            reasons.Add(new("under_min_age", CreditRecommendation.Decline, new Dictionary<string, string> { ["age"] = integer(f.Age), ["min"] = integer(MinAge) }));
        }

        var bureau = input.Bureau;
        if (bureau is not null && bureau.DelinquentAccounts > MaxDelinquentAccounts)
        {
            reasons.Add(new("bureau_delinquent_accounts", CreditRecommendation.Decline, new Dictionary<string, string> { ["accounts"] = integer(bureau.DelinquentAccounts), ["max"] = integer(MaxDelinquentAccounts) }));
        }

        var dtiBreach = f.Dti > MaxDti;
        var reserveBreach = f.DisposableShare < MinDisposableShare;
        if (dtiBreach || reserveBreach)
        {
            var counterOffer = f.MaxAffordable.IsPositive && f.MaxAffordable.Amount >= MinCounterOfferShare * input.RequestedAmount.Amount;
            var effect = counterOffer ? CreditRecommendation.Refer : CreditRecommendation.Decline;
            if (dtiBreach)
            {
                reasons.Add(new("dti_above_max", effect, new Dictionary<string, string> { ["dti"] = share(f.Dti), ["max"] = share(MaxDti) }));
            }

            if (reserveBreach)
            {
                reasons.Add(new("disposable_below_min", effect, new Dictionary<string, string> { ["share"] = share(f.DisposableShare), ["min"] = share(MinDisposableShare), ["disposable"] = money(f.DisposableIncome) }));
            }

            reasons.Add(counterOffer
                ? new("counter_offer", CreditRecommendation.Refer, new Dictionary<string, string> { ["amount"] = money(f.MaxAffordable), ["term"] = integer(input.TermMonths), ["installment"] = money(f.MaxInstallment) })
                : new("not_affordable", CreditRecommendation.Decline, new Dictionary<string, string> { ["amount"] = money(f.MaxAffordable) }));
        }

        if (bureau is null)
        {
            reasons.Add(new("bureau_missing", CreditRecommendation.Refer, new Dictionary<string, string>()));
        }
        else
        {
            var age = input.ApplicationDate.DayNumber - bureau.ReportDate.DayNumber;
            if (age > MaxReportAgeDays)
            {
                reasons.Add(new("bureau_stale", CreditRecommendation.Refer, new Dictionary<string, string> { ["days"] = integer(age), ["max"] = integer(MaxReportAgeDays), ["date"] = bureau.ReportDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }));
            }

            if (bureau.WorstDelinquencyDays24m >= ReferWorstDelinquencyDays)
            {
                reasons.Add(new("bureau_past_delinquency", CreditRecommendation.Refer, new Dictionary<string, string> { ["days"] = integer(bureau.WorstDelinquencyDays24m), ["limit"] = integer(ReferWorstDelinquencyDays) }));
            }

            if (bureau.Inquiries6m > MaxInquiries6m)
            {
                reasons.Add(new("bureau_many_inquiries", CreditRecommendation.Refer, new Dictionary<string, string> { ["inquiries"] = integer(bureau.Inquiries6m), ["max"] = integer(MaxInquiries6m) }));
            }

            if (MinBureauScore is { } min && bureau.Score is { } score && score < min)
            {
                reasons.Add(new("bureau_low_score", CreditRecommendation.Refer, new Dictionary<string, string> { ["score"] = integer(score), ["min"] = integer(min) }));
            }
        }

        var approveBelow = Math.Min(ApproveBelow ?? model?.CostOptimalThreshold ?? DefaultApproveBelow, DeclineFrom);
        if (model is null)
        {
            reasons.Add(new("no_model", CreditRecommendation.Refer, new Dictionary<string, string>()));
        }
        else
        {
            var p = model.ProbabilityBad;
            var values = new Dictionary<string, string>
            {
                ["p"] = Math.Round(p, 4).ToString(CultureInfo.InvariantCulture),
                ["approve_below"] = Math.Round(approveBelow, 4).ToString(CultureInfo.InvariantCulture),
                ["decline_from"] = Math.Round(DeclineFrom, 4).ToString(CultureInfo.InvariantCulture),
            };
            reasons.Add(p >= DeclineFrom
                ? new("model_high_risk", CreditRecommendation.Decline, values)
                : p >= approveBelow
                    ? new("model_medium_risk", CreditRecommendation.Refer, values)
                    : new("model_low_risk", CreditRecommendation.Approve, values));
        }

        // Hard rules first: declines, then refers, then supporting reasons; the rule order above within each.
        var ordered = reasons.Select((r, index) => (r, index)).OrderByDescending(x => x.r.Effect).ThenBy(x => x.index).Select(x => x.r).ToList();
        var recommendation = ordered.Count == 0 ? CreditRecommendation.Approve : ordered.Max(r => r.Effect);
        return new CreditDecision(recommendation, ordered, f, model, approveBelow, DeclineFrom);
    }
}
