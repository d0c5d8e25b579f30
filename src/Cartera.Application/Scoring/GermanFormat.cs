using System.Globalization;
using Cartera.Domain.Common;
using Cartera.Domain.CreditEvaluation;

namespace Cartera.Application.Scoring;

/// <summary>
/// "Statlog (German Credit Data)" (UCI 144) as stored in ../shared/data: space-separated, no header; the row id, the 20
/// attributes A1..A20 (categorical ones coded <c>A11</c>, <c>A12</c>… as in the UCI documentation) and the label
/// (1 good, 2 bad; bad is the positive class). Categorical attributes become one-hot columns over the documented codes
/// (a code outside them is an error); numeric ones are kept, the amount as ln(1 + DM), plus the monthly amount (amount ÷
/// duration). A9 (personal status and sex) and A20 (foreign worker) are validated but are not features.
/// </summary>
public sealed class GermanFormat : IScoringFormat
{
    private const int Attributes = 20;

    /// <summary>The UCI cost matrix: a bad client approved costs 5, a good client refused costs 1.</summary>
    private static readonly CostMatrix UciCosts = new(FalseNegative: 5, FalsePositive: 1);

    /// <summary>Attribute number → (reason key, documented codes); numeric attributes have no codes.</summary>
    private static readonly (int Attribute, string Reason, string[]? Codes)[] Layout =
    [
        (1, "checking_account", ["A11", "A12", "A13", "A14"]),
        (2, "duration_months", null),
        (3, "credit_history", ["A30", "A31", "A32", "A33", "A34"]),
        (4, "purpose", ["A40", "A41", "A42", "A43", "A44", "A45", "A46", "A47", "A48", "A49", "A410"]),
        (5, "credit_amount", null),
        (6, "savings", ["A61", "A62", "A63", "A64", "A65"]),
        (7, "employment_since", ["A71", "A72", "A73", "A74", "A75"]),
        (8, "installment_rate", null),
        (9, "personal_status", ["A91", "A92", "A93", "A94", "A95"]),
        (10, "other_debtors", ["A101", "A102", "A103"]),
        (11, "residence_since", null),
        (12, "property", ["A121", "A122", "A123", "A124"]),
        (13, "age", null),
        (14, "other_installment_plans", ["A141", "A142", "A143"]),
        (15, "housing", ["A151", "A152", "A153"]),
        (16, "existing_credits", null),
        (17, "job", ["A171", "A172", "A173", "A174"]),
        (18, "dependents", null),
        (19, "telephone", ["A191", "A192"]),
        (20, "foreign_worker", ["A201", "A202"]),
    ];

    /// <summary>Validated but not used as features: they describe who the client is, not how they pay.</summary>
    private static readonly int[] LeftOut = [9, 20];

    public string Name => "german";

    public CostMatrix? Costs => UciCosts;

    public IReadOnlyList<FeatureDefinition> Features { get; } = BuildFeatures();

    private static List<FeatureDefinition> BuildFeatures()
    {
        var features = new List<FeatureDefinition>();
        foreach (var (attribute, reason, codes) in Layout.Where(a => !LeftOut.Contains(a.Attribute)))
        {
            if (codes is null)
            {
                features.Add(attribute == 5 ? new("credit_amount_log", reason, FeatureScale.Log1p) : new(reason, reason));
            }
            else
            {
                features.AddRange(codes.Select(code => new FeatureDefinition($"{reason}_{code}", reason, Category: code)));
            }
        }

        features.Add(new("monthly_amount_log", "monthly_amount", FeatureScale.Log1p));
        return features;
    }

    private static string Column(int attribute) => "A" + attribute.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The feature vector of one row's cells (index 0 the id, 1..20 the attributes): the one encoding of files and of the
    /// credit application form (<see cref="ApplicationVector"/>).
    /// </summary>
    private float[] Encode(string[] cells, int line)
    {
        var features = new List<float>(Features.Count);
        double amount = 0, duration = 0;
        foreach (var (attribute, _, codes) in Layout)
        {
            var cell = cells[attribute];
            if (codes is null)
            {
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
                {
                    throw ScoringFormats.Invalid(line, Column(attribute), $"'{cell}' is not a non-negative number.");
                }

                if (attribute == 2)
                {
                    if (value <= 0)
                    {
                        throw ScoringFormats.Invalid(line, Column(attribute), "the duration must be at least one month.");
                    }

                    duration = value;
                }

                amount = attribute == 5 ? value : amount;
                features.Add((float)(attribute == 5 ? Math.Log(1 + value) : value));
            }
            else
            {
                var index = Array.FindIndex(codes, c => string.Equals(c, cell, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    throw ScoringFormats.Invalid(line, Column(attribute), $"'{cell}' is not a code of {Column(attribute)} ({string.Join(", ", codes)}).");
                }

                if (!LeftOut.Contains(attribute))
                {
                    features.AddRange(codes.Select((_, i) => i == index ? 1f : 0f));
                }
            }
        }

        features.Add((float)Math.Log(1 + (amount / duration)));
        return features.ToArray();
    }

    /// <summary>
    /// The German attributes of a credit application (docs/scoring.md, "Credit evaluation of new clients"): the plain-term
    /// answers map to the documented codes in order (A3, A4, A7, A10, A12, A14, A15, A17); amounts are divided by
    /// <paramref name="amountScale"/> (the lender's currency units per unit of the model's training data) before the
    /// bands — checking account (none A14, below 0 A11, below 200 A12, else A13), savings (none A65, below 100 A61, below
    /// 500 A62, below 1,000 A63, else A64) and the credit amount; residence years and existing credits (this one included)
    /// are capped to 1..4, dependents to 1..2. A9 and A20 (sex/marital status, foreign worker) are never asked: fixed
    /// placeholder codes fill them, and they are not features.
    /// </summary>
    public static string[] ApplicationAttributes(ApplicantProfile profile, int termMonths, decimal requestedAmount, int installmentRateBand, int age, decimal amountScale)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (amountScale <= 0m)
        {
            throw new DomainException("invalid_value", "The model's amount scale must be greater than zero.", "amount_scale");
        }

        static string Code(int attribute, Enum value) => Layout[attribute - 1].Codes![Convert.ToInt32(value, CultureInfo.InvariantCulture)];
        static string N(decimal value) => value.ToString(CultureInfo.InvariantCulture);
        var checking = profile.CheckingBalance is not { } balance ? "A14" : (balance / amountScale) switch { < 0m => "A11", < 200m => "A12", _ => "A13" };
        var savings = profile.Savings is not { } saved || saved == 0m ? "A65" : (saved / amountScale) switch { < 100m => "A61", < 500m => "A62", < 1_000m => "A63", _ => "A64" };
        var cells = new string[Attributes + 2];
        cells[0] = "application";
        cells[1] = checking;
        cells[2] = N(termMonths);
        cells[3] = Code(3, profile.CreditHistory);
        cells[4] = Code(4, profile.Purpose);
        cells[5] = N(decimal.Round(requestedAmount / amountScale, 4, MidpointRounding.ToEven));
        cells[6] = savings;
        cells[7] = Code(7, profile.EmploymentSince);
        cells[8] = N(Math.Clamp(installmentRateBand, 1, 4));
        cells[9] = "A93";
        cells[10] = Code(10, profile.OtherDebtors);
        cells[11] = N(Math.Clamp(profile.YearsAtResidence, 1, 4));
        cells[12] = Code(12, profile.Property);
        cells[13] = N(age);
        cells[14] = Code(14, profile.OtherInstallmentPlans);
        cells[15] = Code(15, profile.Housing);
        cells[16] = N(Math.Clamp(profile.ExistingCreditsHere + 1, 1, 4));
        cells[17] = Code(17, profile.Job);
        cells[18] = N(Math.Clamp(profile.Dependents, 1, 2));
        cells[19] = profile.Telephone ? "A192" : "A191";
        cells[20] = "A201";
        cells[21] = "1";
        return cells;
    }

    /// <summary>The model's feature vector of an application's attributes (<see cref="ApplicationAttributes"/>).</summary>
    public float[] ApplicationVector(string[] attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return Encode(attributes, 1);
    }

    public IReadOnlyList<TrainingRow> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<TrainingRow>();
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var cells = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length != Attributes + 2)
            {
                var column = cells.Length < Attributes + 2 ? (cells.Length == 0 ? "id" : cells.Length <= Attributes ? Column(cells.Length) : "label") : "label";
                throw ScoringFormats.Invalid(line, column, $"expected {Attributes + 2} space-separated values (id, A1..A20, label), found {cells.Length}.");
            }

            var features = Encode(cells, line);
            var label = cells[Attributes + 1];
            if (label is not ("1" or "2"))
            {
                throw ScoringFormats.Invalid(line, "label", $"'{label}' is not a label: 1 (good) or 2 (bad).");
            }

            rows.Add(new TrainingRow(cells[0], features, label == "2"));
        }

        return rows;
    }
}
