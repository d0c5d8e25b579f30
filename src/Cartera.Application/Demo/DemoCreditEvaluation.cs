using System.Globalization;
using System.Text;
using Cartera.Application.Audit;
using Cartera.Application.CreditEvaluation;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Scoring;
using Cartera.Domain.CreditEvaluation;

namespace Cartera.Application.Demo;

/// <summary>
/// The demo's credit evaluation: an application model trained on a <b>synthetic</b> German-format file generated here
/// (seeded; amounts in made-up units, scale <see cref="AmountScale"/> COP per unit — the public files in ../shared/data
/// are for measuring only, never the product's runtime), then a handful of applications: one approved, one declined and
/// the others left evaluated for a person (referred or recommended).
/// </summary>
public static class DemoCreditEvaluation
{
    public const int Rows = 600;

    public const decimal AmountScale = 2_000m;

    public sealed record Result(ApplicationTrainingReport Model, IReadOnlyList<(long Id, CreditRecommendation Recommendation, CreditApplicationStatus Status)> Applications);

    /// <summary>
    /// A German-format file (space-separated, id, A1..A20, label 1 good / 2 bad) whose bad rate rises with an overdrawn or
    /// missing checking account, a critical history, long durations, large amounts, no savings and youth — a planted,
    /// learnable signal, not real data.
    /// </summary>
    public static byte[] SyntheticGermanFile(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        string Pick(params string[] codes) => codes[random.Next(codes.Length)];
        for (var i = 1; i <= rows; i++)
        {
            var checking = Pick("A11", "A12", "A13", "A14");
            var history = Pick("A30", "A31", "A32", "A32", "A33", "A34");
            var duration = 6 + (random.Next(11) * 4);
            var amount = 250 + random.Next(12_000);
            var savings = Pick("A61", "A61", "A62", "A63", "A64", "A65");
            var age = 19 + random.Next(50);
            var logit = -1.4 + (checking == "A11" ? 1.1 : checking == "A12" ? 0.5 : checking == "A14" ? -0.8 : 0)
                + (history is "A33" or "A34" ? 0.9 : 0) + ((duration - 24) * 0.03) + ((amount - 3_000) * 0.0001)
                + (savings is "A61" or "A65" ? 0.4 : -0.3) + (age < 25 ? 0.5 : 0);
            var bad = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            var cells = new[]
            {
                i.ToString(CultureInfo.InvariantCulture), checking, duration.ToString(CultureInfo.InvariantCulture), history,
                Pick("A40", "A41", "A42", "A43", "A46", "A49"), amount.ToString(CultureInfo.InvariantCulture), savings,
                Pick("A71", "A72", "A73", "A74", "A75"), (1 + random.Next(4)).ToString(CultureInfo.InvariantCulture), "A93",
                Pick("A101", "A101", "A102", "A103"), (1 + random.Next(4)).ToString(CultureInfo.InvariantCulture),
                Pick("A121", "A122", "A123", "A124"), age.ToString(CultureInfo.InvariantCulture), Pick("A141", "A142", "A143", "A143"),
                Pick("A151", "A152", "A153"), (1 + random.Next(3)).ToString(CultureInfo.InvariantCulture), Pick("A172", "A173", "A173", "A174"),
                (1 + random.Next(2)).ToString(CultureInfo.InvariantCulture), Pick("A191", "A192"), "A201", bad ? "2" : "1",
            };
            text.Append(string.Join(' ', cells)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static async Task<Result> RunAsync(DatabaseOptions database, TimeProvider clock, IActor actor, int seed = 42, CancellationToken ct = default)
    {
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database), actor, clock);
        var set = ScoringFormats.Load(SyntheticGermanFile(Rows, seed), new GermanFormat());
        var model = await ApplicationModel.TrainAsync(db, clock, set, AmountScale, new ScoringOptions { Trees = 100, Seed = seed }, activate: true, "demo", ct);

        var today = BusinessCalendar.LenderToday(clock);
        var clean = new BureauData { Score = 780, OpenAccounts = 2, Inquiries6m = 1, ReportDate = today.AddDays(-2) };
        var strong = new ApplicantProfile { CheckingBalance = 1_500_000m, Savings = 3_000_000m, CreditHistory = CreditHistoryKind.AllPaidHere, Purpose = CreditPurpose.UsedCar, EmploymentSince = EmploymentSince.SevenYearsOrMore, YearsAtResidence = 4, Property = PropertyKind.RealEstate, Housing = HousingKind.Own, Job = JobKind.Skilled, Telephone = true };
        var weak = new ApplicantProfile { CheckingBalance = -200_000m, CreditHistory = CreditHistoryKind.Critical, Purpose = CreditPurpose.Other, EmploymentSince = EmploymentSince.LessThanOneYear, Housing = HousingKind.Rent, Job = JobKind.Unskilled };
        CreditApplicationRequest Request(string number, string name, decimal income, decimal requested, int term, ApplicantProfile profile, BureauData? bureau, int birthYear) => new()
        {
            DocumentType = "CC",
            DocumentNumber = number,
            FullName = name,
            Country = ColombianData.Country,
            Currency = "COP",
            MonthlyIncome = income,
            MonthlyExpenses = decimal.Round(income * 0.35m, 0),
            ExistingPayments = decimal.Round(income * 0.05m, 0),
            ExistingDebt = decimal.Round(income * 0.6m, 0),
            RequestedAmount = requested,
            TermMonths = term,
            AnnualRate = 0.24m,
            BirthDate = new DateOnly(birthYear, 5, 14),
            Profile = profile,
            Bureau = bureau,
        };

        var applications = new CreditApplications(db, new ImportedBureauReports(db), new CreditEvaluationOptions());
        var requests = new[]
        {
            Request("1032456789", "Valentina Ospina Ríos", 9_000_000m, 12_000_000m, 24, strong, clean, 1984),
            Request("79845123", "Jorge Iván Cárdenas", 4_500_000m, 18_000_000m, 36, strong, null, 1979),
            Request("1017234567", "Daniela Herrera Gil", 3_000_000m, 25_000_000m, 48, weak, clean with { DelinquentAccounts = 1, WorstDelinquencyDays24m = 120 }, 1998),
            Request("52789456", "Luz Marina Castaño", 6_000_000m, 8_000_000m, 18, weak, clean with { WorstDelinquencyDays24m = 95 }, 1990),
        };
        var results = new List<(long, CreditRecommendation, CreditApplicationStatus)>();
        for (var i = 0; i < requests.Length; i++)
        {
            var view = await applications.EvaluateAsync(requests[i], ct);
            var a = view.Application;
            if (i == 0)
            {
                view = await applications.DecideAsync(a.Id, new CreditDecisionRequest(true, Money(a.RequestedAmountMinor), null, "Demo: aprobada en comité de crédito"), null, ApprovalLevel.Admin, ct) ?? view;
            }
            else if (i == 2)
            {
                view = await applications.DecideAsync(a.Id, new CreditDecisionRequest(false, null, CreditDeclineReason.Bureau, "Demo: mora vigente en el buró"), null, ApprovalLevel.Analyst, ct) ?? view;
            }

            results.Add((view.Application.Id, view.Application.Recommendation, view.Application.Status));
        }

        return new Result(model, results);
    }

    private static decimal Money(long minor) => minor / 100m;
}
