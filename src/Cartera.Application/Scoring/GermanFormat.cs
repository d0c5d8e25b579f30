using System.Globalization;

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
            var label = cells[Attributes + 1];
            if (label is not ("1" or "2"))
            {
                throw ScoringFormats.Invalid(line, "label", $"'{label}' is not a label: 1 (good) or 2 (bad).");
            }

            rows.Add(new TrainingRow(cells[0], features.ToArray(), label == "2"));
        }

        return rows;
    }
}
