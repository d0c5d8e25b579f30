using System.Globalization;

namespace Cartera.Application.Scoring;

/// <summary>
/// "Default of Credit Card Clients" (UCI 350): header <c>ID,X1..X23,Y</c>, one row per card holder, six monthly
/// statements (month 1 = the most recent). Engineered features: utilization (bill ÷ limit), payment ratios (amount paid ÷
/// the bill it settles), counts of months late, revolving or unused, the worst delay, the bill trend. Sex (X2) and
/// marital status (X4) are read and validated but are not features (docs/scoring.md, "Attributes left out").
/// </summary>
public sealed class TaiwanFormat : IScoringFormat
{
    private const int Months = 6;
    private static readonly string[] Header = ["ID", .. Enumerable.Range(1, 23).Select(i => "X" + i.ToString(CultureInfo.InvariantCulture)), "Y"];

    public string Name => "taiwan";

    public CostMatrix? Costs => null;

    public IReadOnlyList<FeatureDefinition> Features { get; } = BuildFeatures();

    private static List<FeatureDefinition> BuildFeatures()
    {
        var features = new List<FeatureDefinition>
        {
            new("credit_limit_log", "credit_limit", FeatureScale.Log1p),
            new("age", "age"),
            new("education_graduate", "education", Category: "edu_graduate"),
            new("education_university", "education", Category: "edu_university"),
            new("education_high_school", "education", Category: "edu_high_school"),
            new("education_other", "education", Category: "edu_other"),
        };
        for (var m = 1; m <= Months; m++)
        {
            features.Add(new($"status_m{m}", m == 1 ? "status_m1" : "status_past"));
        }

        // The latest status as categories too: its effect on risk is not linear (revolving is safer than unused, and
        // two months late far worse than one), which a linear model cannot learn from the number alone.
        features.Add(new("status_m1_unused", "status_m1", Category: "status_unused"));
        features.Add(new("status_m1_paid_in_full", "status_m1", Category: "status_paid_in_full"));
        features.Add(new("status_m1_revolving", "status_m1", Category: "status_revolving"));
        features.Add(new("status_m1_late_1", "status_m1", Category: "status_late_1"));
        features.Add(new("status_m1_late_2_plus", "status_m1", Category: "status_late_2_plus"));
        features.Add(new("months_late_3m", "months_late_3m"));
        features.Add(new("months_late_6m", "months_late_6m"));
        features.Add(new("max_delay_6m", "max_delay_6m"));
        features.Add(new("months_revolving_6m", "months_revolving_6m"));
        features.Add(new("months_unused_6m", "months_unused_6m"));
        features.Add(new("months_paid_in_full_6m", "months_paid_in_full_6m"));
        for (var m = 1; m <= Months; m++)
        {
            features.Add(new($"utilization_m{m}", m == 1 ? "utilization_m1" : "utilization_past"));
        }

        features.Add(new("utilization_avg_6m", "utilization_avg_6m"));
        features.Add(new("utilization_max_6m", "utilization_max_6m"));
        features.Add(new("bill_trend_6m", "bill_trend_6m"));
        for (var m = 1; m < Months; m++)
        {
            features.Add(new($"pay_ratio_m{m}", m == 1 ? "pay_ratio_m1" : "pay_ratio_past"));
        }

        features.Add(new("pay_ratio_3m", "pay_ratio_3m"));
        features.Add(new("pay_ratio_5m", "pay_ratio_5m"));
        for (var m = 1; m <= Months; m++)
        {
            features.Add(new($"paid_amount_m{m}_log", m == 1 ? "paid_amount_m1" : "paid_amount_past", FeatureScale.Log1p));
        }

        features.Add(new("months_without_payment_6m", "months_without_payment_6m"));
        return features;
    }

    public IReadOnlyList<TrainingRow> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw ScoringFormats.Invalid(1, "ID", "the file is empty; expected the header " + string.Join(',', Header) + ".");
        var names = header.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        for (var i = 0; i < Header.Length; i++)
        {
            if (i >= names.Length || !string.Equals(names[i], Header[i], StringComparison.OrdinalIgnoreCase))
            {
                throw ScoringFormats.Invalid(1, Header[i], $"expected the header {string.Join(',', Header)}; column {i + 1} is '{(i < names.Length ? names[i] : string.Empty)}'.");
            }
        }

        if (names.Length != Header.Length)
        {
            throw ScoringFormats.Invalid(1, names[Header.Length], $"unexpected extra column; expected {Header.Length} columns.");
        }

        var rows = new List<TrainingRow>();
        var line = 1;
        var raw = new double[Header.Length];
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var cells = text.Split(',');
            if (cells.Length != Header.Length)
            {
                throw ScoringFormats.Invalid(line, cells.Length < Header.Length ? Header[cells.Length] : "Y", $"expected {Header.Length} values, found {cells.Length}.");
            }

            for (var c = 1; c < Header.Length; c++)
            {
                if (!double.TryParse(cells[c].Trim().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out raw[c]) || !double.IsFinite(raw[c]))
                {
                    throw ScoringFormats.Invalid(line, Header[c], $"'{cells[c]}' is not a number.");
                }
            }

            Check(line, "X1", raw[1] > 0, raw[1], "the credit limit must be positive");
            Check(line, "X2", raw[2] is 1 or 2, raw[2], "sex is 1 or 2");
            Check(line, "X3", raw[3] is >= 0 and <= 6, raw[3], "education is 0..6");
            Check(line, "X4", raw[4] is >= 0 and <= 3, raw[4], "marital status is 0..3");
            Check(line, "X5", raw[5] is >= 16 and <= 120, raw[5], "age is 16..120 years");
            for (var c = 6; c <= 11; c++)
            {
                Check(line, Header[c], raw[c] is >= -2 and <= 9 && raw[c] == Math.Floor(raw[c]), raw[c], "repayment status is an integer from -2 to 9");
            }

            for (var c = 18; c <= 23; c++)
            {
                Check(line, Header[c], raw[c] >= 0, raw[c], "an amount paid cannot be negative");
            }

            Check(line, "Y", raw[24] is 0 or 1, raw[24], "the label is 0 or 1");
            rows.Add(new TrainingRow(cells[0].Trim(), Engineer(raw), raw[24] == 1));
        }

        return rows;
    }

    private static void Check(int line, string column, bool ok, double value, string rule)
    {
        if (!ok)
        {
            throw ScoringFormats.Invalid(line, column, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range: {rule}.");
        }
    }

    /// <summary>The features of one row from its raw values (index = column position: 1 = X1 … 23 = X23).</summary>
    private static float[] Engineer(double[] x)
    {
        var limit = x[1];
        var status = new double[Months];
        var bill = new double[Months];
        var paid = new double[Months];
        for (var m = 0; m < Months; m++)
        {
            status[m] = x[6 + m];
            bill[m] = x[12 + m];
            paid[m] = x[18 + m];
        }

        var f = new List<double>
        {
            Math.Log(1 + limit),
            x[5],
            x[3] == 1 ? 1 : 0,
            x[3] == 2 ? 1 : 0,
            x[3] == 3 ? 1 : 0,
            x[3] is 0 or >= 4 ? 1 : 0,
        };
        f.AddRange(status);
        f.Add(status[0] == -2 ? 1 : 0);
        f.Add(status[0] == -1 ? 1 : 0);
        f.Add(status[0] == 0 ? 1 : 0);
        f.Add(status[0] == 1 ? 1 : 0);
        f.Add(status[0] >= 2 ? 1 : 0);
        f.Add(status.Take(3).Count(s => s >= 1));
        f.Add(status.Count(s => s >= 1));
        f.Add(Math.Max(0, status.Max()));
        f.Add(status.Count(s => s == 0));
        f.Add(status.Count(s => s == -2));
        f.Add(status.Count(s => s == -1));
        var utilization = bill.Select(b => Math.Clamp(b / limit, -1, 3)).ToArray();
        f.AddRange(utilization);
        f.Add(utilization.Average());
        f.Add(utilization.Max());
        f.Add(Math.Clamp((bill[0] - bill[Months - 1]) / limit, -3, 3));

        // The amount paid in month m settles the bill of month m + 1 (the statement before it).
        for (var m = 0; m < Months - 1; m++)
        {
            f.Add(Ratio(paid[m], bill[m + 1]));
        }

        f.Add(Ratio(paid.Take(3).Sum(), bill.Skip(1).Take(3).Sum(b => Math.Max(0, b))));
        f.Add(Ratio(paid.Take(5).Sum(), bill.Skip(1).Take(5).Sum(b => Math.Max(0, b))));
        f.AddRange(paid.Select(p => Math.Log(1 + p)));
        f.Add(Enumerable.Range(0, Months - 1).Count(m => paid[m] <= 0 && bill[m + 1] > 0));
        return f.Select(v => (float)v).ToArray();
    }

    /// <summary>Paid ÷ due, in [0, 2]; nothing due counts as fully paid (1).</summary>
    private static double Ratio(double paid, double due) => due <= 0 ? 1 : Math.Clamp(paid / due, 0, 2);
}
