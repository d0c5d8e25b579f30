namespace Cartera.Application.Scoring.Portfolio;

/// <summary>
/// A trained portfolio model in the registry (<c>scoring_models</c>): the artifact (the zip of <see cref="ScoringModel"/>)
/// as bytes, what it is, how well it did (out-of-fold and backtest metrics as JSON), the data it learned from and who
/// trained it. <see cref="Purpose"/> says what the model is for (<see cref="ModelPurposes"/>): exactly one row is active per
/// purpose (a unique partial index over the active rows' purpose enforces it); close-of-day scores with the active
/// <c>payment</c> model, the credit evaluation of new clients with the active <c>application</c> model.
/// </summary>
public sealed class StoredScoringModel
{
    public long Id { get; set; }

    /// <summary><c>payment</c> (the portfolio's payment-probability model) or <c>application</c> (new clients).</summary>
    public string Purpose { get; set; } = ModelPurposes.Payment;

    /// <summary>The manifest's model version (<c>portfolio-gbt-…</c>).</summary>
    public string ModelVersion { get; set; } = string.Empty;

    /// <summary><c>gbt</c> or <c>logistic</c>.</summary>
    public string Kind { get; set; } = string.Empty;

    public string Algorithm { get; set; } = string.Empty;

    /// <summary>The business date the training data ends at (observation dates are before it).</summary>
    public DateOnly DataAsOf { get; set; }

    /// <summary>SHA-256 of the training rows (features and labels).</summary>
    public string DataSha256 { get; set; } = string.Empty;

    public int Rows { get; set; }

    public int Positives { get; set; }

    /// <summary>JSON (snake_case): <c>out_of_fold</c> and <c>backtest</c> figures (<see cref="PortfolioTrainingReport"/>).</summary>
    public string MetricsJson { get; set; } = "{}";

    public string TrainedBy { get; set; } = string.Empty;

    public DateTimeOffset TrainedAt { get; set; }

    public byte[] Artifact { get; set; } = [];

    public bool Active { get; set; }

    public DateTimeOffset? ActivatedAt { get; set; }

    public uint Version { get; set; }
}

/// <summary>What a registered model is for; one active model per purpose.</summary>
public static class ModelPurposes
{
    /// <summary>The portfolio's payment-probability model (close-of-day scores, segments).</summary>
    public const string Payment = "payment";

    /// <summary>The application model of the credit evaluation of new clients (probability of a bad client).</summary>
    public const string Application = "application";

    public static IReadOnlyList<string> All { get; } = [Payment, Application];
}

/// <summary>
/// A debtor's score on a business date (<c>debtor_scores</c>, key date + debtor), written by the close-of-day scoring step:
/// the probability of payment in the next 30 days, the segment, the three reasons (JSON: key, direction, Spanish and
/// English texts with the debtor's values) and the model that produced it. Derived data: rerunning the step for the date
/// replaces the date's rows.
/// </summary>
public sealed class DebtorScore
{
    public DateOnly BusinessDate { get; set; }

    public long DebtorId { get; set; }

    /// <summary>Probability that the debtor pays the amount due in the next 30 days (1 − the model's p of failing to pay).</summary>
    public double Probability { get; set; }

    /// <summary><c>{risk}|{balance}|{dpd}</c>, e.g. <c>high|medium|31-90</c> (<see cref="Cartera.Domain.Scoring.SegmentPolicy"/>).</summary>
    public string Segment { get; set; } = string.Empty;

    public string RiskBand { get; set; } = string.Empty;

    public string BalanceBand { get; set; } = string.Empty;

    public string DpdBand { get; set; } = string.Empty;

    public int Dpd { get; set; }

    /// <summary>Total due plus outstanding principal on the date, minor units of <see cref="CurrencyCode"/>.</summary>
    public long BalanceMinor { get; set; }

    public string CurrencyCode { get; set; } = string.Empty;

    /// <summary>JSON array of up to three <see cref="StoredReason"/>.</summary>
    public string ReasonsJson { get; set; } = "[]";

    public long ModelId { get; set; }
}

/// <summary>One stored reason: the reason key, whether it lowers the payment probability, and its texts.</summary>
public sealed record StoredReason(string Key, bool LowersPayment, string Es, string En)
{
    public string Text(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Es;
}
