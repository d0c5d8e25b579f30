using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Scoring.Portfolio;

/// <summary>What <c>score portfolio-train</c> does.</summary>
public sealed record PortfolioTrainingOptions
{
    /// <summary>The training data ends here: observation dates are monthly before it and their 30-day label windows end by it.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Monthly observation dates (as-of − 1 month … − N months).</summary>
    public int ObservationMonths { get; init; } = 12;

    /// <summary>The backtest cutoff T = as-of − this many months: train on labels known before T, evaluate on observations from T.</summary>
    public int BacktestMonths { get; init; } = 3;

    /// <summary>At most this many debtors (a seeded sample, for speed); null = all.</summary>
    public int? SampleDebtors { get; init; }

    public ScoringOptions Model { get; init; } = new();

    public bool Activate { get; init; }

    public string TrainedBy { get; init; } = "system";
}

/// <summary>The registry row and the figures of a training: out-of-fold on all rows, and the time-based backtest.</summary>
public sealed record PortfolioTrainingReport
{
    public long ModelId { get; init; }

    public required string ModelVersion { get; init; }

    public bool Active { get; init; }

    public required DateOnly AsOf { get; init; }

    public required int Rows { get; init; }

    public required int Positives { get; init; }

    public required int Debtors { get; init; }

    public required IReadOnlyList<DateOnly> ObservationDates { get; init; }

    public required string DataSha256 { get; init; }

    public required BinaryMetrics OutOfFold { get; init; }

    /// <summary>Null when one side of the split has no rows or a single class (the note says which).</summary>
    public EvaluationReport? Backtest { get; init; }

    public DateOnly BacktestCutoff { get; init; }

    public int BacktestTrainRows { get; init; }

    public string? BacktestNote { get; init; }

    public double TrainingSeconds { get; init; }
}

/// <summary>
/// Builds the portfolio's own training set (features at monthly observation dates, <see cref="PaymentLabel"/>), trains
/// with <see cref="ScoringTrainer"/> (same seeds and calibration as the public sets), runs the time-based backtest and
/// stores the model in the registry. The SaveChanges is audited (the artifact bytes appear as their length).
/// </summary>
public sealed class PortfolioTraining(CarteraDbContext db, TimeProvider clock, ICommitmentHistory commitments)
{
    /// <summary>Fewest rows of each outcome to train on (the calibration folds need both outcomes in every fold).</summary>
    public const int MinimumPerClass = 20;

    public async Task<(TrainingSet Set, int Debtors, IReadOnlyList<DateOnly> Observations)> BuildSetAsync(PortfolioTrainingOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ObservationMonths < 1 || options.BacktestMonths < 1 || options.BacktestMonths >= options.ObservationMonths)
        {
            throw new DomainException("invalid_value", "Observation months must be at least 1 and more than the backtest months.", "observation_months");
        }

        var histories = await new PortfolioHistoryReader(db, commitments).ReadAsync(options.AsOf, options.ObservationMonths + PortfolioFeatures.HistoryMonths + 1, ct);
        if (options.SampleDebtors is { } sample && sample < histories.Count)
        {
            var random = new Random(options.Model.Seed);
            histories = histories.OrderBy(_ => random.Next()).Take(sample).OrderBy(h => h.DebtorId).ToList();
        }

        var rows = new List<TrainingRow>();
        var observations = new List<DateOnly>();
        for (var k = 1; k <= options.ObservationMonths; k++)
        {
            var t = histories.Count > 0 ? histories[0].Grid[k] : options.AsOf.AddMonths(-k);
            if (t.AddDays(PaymentLabel.WindowDays) > options.AsOf)
            {
                continue;
            }

            observations.Add(t);
            foreach (var h in histories)
            {
                if (!PortfolioFeatures.Exists(h, k) || PaymentLabel.FailsToPay(h, k) is not { } fails)
                {
                    continue;
                }

                rows.Add(new TrainingRow(
                    string.Create(CultureInfo.InvariantCulture, $"{h.DebtorId}@{t:yyyy-MM-dd}"),
                    PortfolioFeatures.Compute(h, k),
                    fails,
                    t.DayNumber,
                    h.DebtorId.ToString(CultureInfo.InvariantCulture)));
            }
        }

        var positives = rows.Count(r => r.Label);
        if (positives < MinimumPerClass || rows.Count - positives < MinimumPerClass)
        {
            throw new DomainException("scoring_no_history", $"The portfolio has {rows.Count} labelled observation(s) before {options.AsOf:yyyy-MM-dd}, {positives} of them unpaid; training needs at least {MinimumPerClass} paid and {MinimumPerClass} unpaid.", "as_of");
        }

        return (new TrainingSet(PortfolioFeatures.Format, PortfolioFeatures.Definitions, rows, Hash(rows)), histories.Count, observations);
    }

    public async Task<PortfolioTrainingReport> TrainAsync(PortfolioTrainingOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = clock.GetTimestamp();
        var (set, debtors, observations) = await BuildSetAsync(options, ct);
        var trainer = new ScoringTrainer(clock);
        var model = trainer.Train(set, options.Model, options.TrainedBy);

        var cutoff = options.AsOf.AddMonths(-options.BacktestMonths);
        var before = set.Subset(Enumerable.Range(0, set.Rows.Count).Where(i => DateOnly.FromDayNumber((int)set.Rows[i].Time!.Value).AddDays(PaymentLabel.WindowDays) <= cutoff));
        var (_, from) = set.SplitByTime(cutoff.DayNumber);
        EvaluationReport? backtest = null;
        string? note = null;
        if (!TwoClasses(before) || !TwoClasses(from))
        {
            note = $"Backtest skipped: {before.Rows.Count} training row(s) with labels known before {cutoff:yyyy-MM-dd} and {from.Rows.Count} row(s) from it; each side needs both outcomes.";
        }
        else
        {
            backtest = ScoringEvaluation.Evaluate(trainer.Train(before, options.Model, options.TrainedBy), from);
        }

        var report = new PortfolioTrainingReport
        {
            ModelVersion = model.Manifest.ModelVersion,
            AsOf = options.AsOf,
            Rows = set.Rows.Count,
            Positives = set.PositiveCount,
            Debtors = debtors,
            ObservationDates = observations,
            DataSha256 = set.Sha256,
            OutOfFold = model.Manifest.Metrics,
            Backtest = backtest,
            BacktestCutoff = cutoff,
            BacktestTrainRows = before.Rows.Count,
            BacktestNote = note,
            TrainingSeconds = Math.Round(clock.GetElapsedTime(started).TotalSeconds, 1),
        };
        var registry = new ScoringRegistry(db, clock);
        var stored = await registry.AddAsync(model, options.AsOf, report, options.Activate, ct);
        return report with { ModelId = stored.Id, Active = stored.Active };
    }

    private static bool TwoClasses(TrainingSet set) => set.Rows.Any(r => r.Label) && set.Rows.Any(r => !r.Label);

    /// <summary>SHA-256 over the rows' ids, labels and features (invariant text): the same data gives the same hash.</summary>
    public static string Hash(IReadOnlyList<TrainingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows)
        {
            var line = row.Id + ";" + (row.Label ? "1" : "0") + ";" + string.Join(",", row.Features.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "\n";
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(line));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>One registry row as listed (no artifact bytes).</summary>
public sealed record RegisteredModel(long Id, string Version, string Kind, string Algorithm, DateOnly DataAsOf, string DataSha256, int Rows, int Positives, string TrainedBy, DateTimeOffset TrainedAt, bool Active, string MetricsJson, string Purpose = ModelPurposes.Payment);

/// <summary>An active model loaded from the registry with its registry id and its metrics/configuration JSON.</summary>
public sealed record ActiveModel(long Id, ScoringModel Model, string MetricsJson);

/// <summary>
/// The model registry (<c>scoring_models</c>): add a trained model, list, activate one (the others of the same purpose
/// are deactivated in the same transaction: exactly one active per purpose), load the active one of a purpose. Every
/// change goes through an audited SaveChanges.
/// </summary>
public sealed class ScoringRegistry(CarteraDbContext db, TimeProvider clock)
{
    /// <summary>Registers a portfolio (<c>payment</c>) model with its training report.</summary>
    public Task<StoredScoringModel> AddAsync(ScoringModel model, DateOnly dataAsOf, PortfolioTrainingReport report, bool activate, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metrics = JsonSerializer.Serialize(new { out_of_fold = report.OutOfFold, backtest = report.Backtest, backtest_cutoff = report.BacktestCutoff, backtest_train_rows = report.BacktestTrainRows, backtest_note = report.BacktestNote }, ScoringJson.Options);
        return AddAsync(model, ModelPurposes.Payment, dataAsOf, metrics, activate, ct);
    }

    /// <summary>
    /// Registers a model for <paramref name="purpose"/> with its metrics/configuration JSON; it is activated when asked or
    /// when no model of that purpose is active yet.
    /// </summary>
    public async Task<StoredScoringModel> AddAsync(ScoringModel model, string purpose, DateOnly dataAsOf, string metricsJson, bool activate, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!ModelPurposes.All.Contains(purpose))
        {
            throw new DomainException("invalid_code", $"'{purpose}' is not a model purpose: {string.Join(", ", ModelPurposes.All)}.", "purpose");
        }

        using var buffer = new MemoryStream();
        model.Save(buffer);
        var manifest = model.Manifest;
        var stored = new StoredScoringModel
        {
            Purpose = purpose,
            ModelVersion = manifest.ModelVersion,
            Kind = manifest.ModelKind.ToString().ToLowerInvariant(),
            Algorithm = manifest.Algorithm,
            DataAsOf = dataAsOf,
            DataSha256 = manifest.Data.Sha256,
            Rows = manifest.Data.Rows,
            Positives = manifest.Data.Positives,
            MetricsJson = metricsJson,
            TrainedBy = manifest.TrainedBy,
            TrainedAt = manifest.TrainedAt,
            Artifact = buffer.ToArray(),
        };
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var anyActive = await db.ScoringModels.AnyAsync(m => m.Active && m.Purpose == purpose, ct);
            db.ScoringModels.Add(stored);
            await db.SaveChangesAsync(ct);
            if (activate || !anyActive)
            {
                await ActivateInTransactionAsync(stored.Id, ct);
            }

            await tx.CommitAsync(ct);
        });
        return stored;
    }

    public async Task<IReadOnlyList<RegisteredModel>> ListAsync(CancellationToken ct = default) =>
        await db.ScoringModels.AsNoTracking().OrderByDescending(m => m.Id)
            .Select(m => new RegisteredModel(m.Id, m.ModelVersion, m.Kind, m.Algorithm, m.DataAsOf, m.DataSha256, m.Rows, m.Positives, m.TrainedBy, m.TrainedAt, m.Active, m.MetricsJson, m.Purpose))
            .ToListAsync(ct);

    /// <summary>Activates a model; the active model of the same purpose is deactivated (other purposes are untouched).</summary>
    public async Task ActivateAsync(long id, CancellationToken ct = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await ActivateInTransactionAsync(id, ct);
            await tx.CommitAsync(ct);
        });
    }

    private async Task ActivateInTransactionAsync(long id, CancellationToken ct)
    {
        var target = await db.ScoringModels.FirstOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new DomainException("not_found", $"Model {id} is not in the registry.", "id");
        if (target.Active)
        {
            return;
        }

        foreach (var active in await db.ScoringModels.Where(m => m.Active && m.Purpose == target.Purpose).ToListAsync(ct))
        {
            active.Active = false;
        }

        await db.SaveChangesAsync(ct); // the unique partial index allows one active row per purpose at a time
        target.Active = true;
        target.ActivatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The active model of <paramref name="purpose"/> and its registry id, or null when none is active.</summary>
    public async Task<(long Id, ScoringModel Model)?> LoadActiveAsync(string purpose = ModelPurposes.Payment, CancellationToken ct = default) =>
        await LoadActiveModelAsync(purpose, ct) is { } active ? (active.Id, active.Model) : null;

    /// <summary>The active model of <paramref name="purpose"/> with its metrics/configuration JSON, or null when none is active.</summary>
    public async Task<ActiveModel?> LoadActiveModelAsync(string purpose, CancellationToken ct = default)
    {
        var row = await db.ScoringModels.AsNoTracking().Where(m => m.Active && m.Purpose == purpose).Select(m => new { m.Id, m.Artifact, m.MetricsJson }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        using var stream = new MemoryStream(row.Artifact, writable: false);
        return new ActiveModel(row.Id, ScoringModel.Load(stream), row.MetricsJson);
    }
}
