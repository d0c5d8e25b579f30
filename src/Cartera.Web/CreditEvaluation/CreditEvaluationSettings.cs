using System.Globalization;
using Cartera.Application.CreditEvaluation;
using Cartera.Domain.CreditEvaluation;
using Microsoft.Extensions.Configuration;

namespace Cartera.Web.CreditEvaluation;

/// <summary>
/// Reads the credit evaluation's configuration (section <c>CreditEvaluation</c>, docs/scoring.md): every key is optional
/// and falls back to the documented default. Policy keys: <c>MaxDti</c>, <c>MinDisposableShare</c>,
/// <c>MinCounterOfferShare</c>, <c>MinAge</c>, <c>MaxDelinquentAccounts</c>, <c>ReferWorstDelinquencyDays</c>,
/// <c>MaxReportAgeDays</c>, <c>MaxInquiries6m</c>, <c>MinBureauScore</c>, <c>ApproveBelow</c>, <c>DeclineFrom</c>;
/// authority keys: <c>AnalystLimits:{CUR}</c> (major units; replaces the default table when present),
/// <c>SupervisorMultiple</c>, <c>MinOverrideNoteLength</c>. Invalid thresholds stop the host at start-up.
/// </summary>
public static class CreditEvaluationSettings
{
    public const string Section = "CreditEvaluation";

    public static CreditEvaluationOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var s = configuration.GetSection(Section);
        var d = CreditPolicy.Default;
        var policy = new CreditPolicy
        {
            MaxDti = s.GetValue("MaxDti", d.MaxDti),
            MinDisposableShare = s.GetValue("MinDisposableShare", d.MinDisposableShare),
            MinCounterOfferShare = s.GetValue("MinCounterOfferShare", d.MinCounterOfferShare),
            MinAge = s.GetValue("MinAge", d.MinAge),
            MaxDelinquentAccounts = s.GetValue("MaxDelinquentAccounts", d.MaxDelinquentAccounts),
            ReferWorstDelinquencyDays = s.GetValue("ReferWorstDelinquencyDays", d.ReferWorstDelinquencyDays),
            MaxReportAgeDays = s.GetValue("MaxReportAgeDays", d.MaxReportAgeDays),
            MaxInquiries6m = s.GetValue("MaxInquiries6m", d.MaxInquiries6m),
            MinBureauScore = s.GetValue<int?>("MinBureauScore", d.MinBureauScore),
            ApproveBelow = s.GetValue<double?>("ApproveBelow", d.ApproveBelow),
            DeclineFrom = s.GetValue("DeclineFrom", d.DeclineFrom),
        };
        policy.Check();

        var a = ApprovalAuthority.Default;
        var limits = s.GetSection("AnalystLimits").GetChildren().ToList();
        var authority = new ApprovalAuthority
        {
            AnalystLimits = limits.Count == 0
                ? a.AnalystLimits
                : limits.ToDictionary(c => c.Key.ToUpperInvariant(), c => decimal.Parse(c.Value ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture), StringComparer.Ordinal),
            SupervisorMultiple = s.GetValue("SupervisorMultiple", a.SupervisorMultiple),
            MinOverrideNoteLength = s.GetValue("MinOverrideNoteLength", a.MinOverrideNoteLength),
        };
        return new CreditEvaluationOptions { Policy = policy, Authority = authority };
    }
}
