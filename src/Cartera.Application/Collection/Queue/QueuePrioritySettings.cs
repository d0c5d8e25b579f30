using System.Text.Json;
using System.Text.Json.Serialization;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Queue;

/// <summary>
/// The work queue's priority as data: one row of <c>work_queue_settings</c> holding the JSON below (docs/user/collection.md,
/// "Cola de trabajo"); no row means <see cref="QueuePriority.Default"/>. Saving validates, stores and audits it; the new
/// priority applies at the next refresh (close-of-day, or a debtor's change).
/// <code>
/// {"tiers":["broken_promise","promise_due_today","callback_due","agreement_overdue"],
///  "amount_overdue":{"weight":40,"cap":5000000},"dpd":{"weight":30,"cap":180},"probability":{"weight":20},
///  "next_action":{"agreement":10,"visit":8,"call":6,"legal":4,"sms":2,"email":2},"broken_promise_days":7}
/// </code>
/// </summary>
public sealed class QueuePrioritySettings(CarteraDbContext db, IActor actor, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<QueuePriority> LoadAsync(CarteraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var json = await db.WorkQueueSettings.AsNoTracking().Where(s => s.Id == 1).Select(s => s.PriorityJson).FirstOrDefaultAsync(ct);
        return json is null ? QueuePriority.Default : Parse(json);
    }

    public Task<QueuePriority> CurrentAsync(CancellationToken ct = default) => LoadAsync(db, ct);

    /// <exception cref="DomainException">invalid_priority (with the field) for JSON that is not a valid priority.</exception>
    public async Task<QueuePriority> SaveAsync(string json, CancellationToken ct = default)
    {
        var priority = Parse(json);
        var row = await db.WorkQueueSettings.FirstOrDefaultAsync(s => s.Id == 1, ct);
        if (row is null)
        {
            row = new WorkQueueSettingsRecord { Id = 1 };
            db.WorkQueueSettings.Add(row);
        }

        row.PriorityJson = ToJson(priority);
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(ct);
        return priority;
    }

    public static string ToJson(QueuePriority priority)
    {
        ArgumentNullException.ThrowIfNull(priority);
        var doc = new PriorityDocument(
            priority.Tiers.Select(t => EnumCodes.ToCode(t)).ToList(),
            new Weighted(priority.AmountWeight, priority.AmountCap),
            new Weighted(priority.DpdWeight, priority.DpdCap),
            new Weighted(priority.ProbabilityWeight, null),
            priority.ActionPoints.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
            priority.BrokenPromiseDays);
        return JsonSerializer.Serialize(doc, Json);
    }

    /// <exception cref="DomainException">invalid_priority (with the field) for JSON that is not a valid priority.</exception>
    public static QueuePriority Parse(string json)
    {
        PriorityDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<PriorityDocument>(json, Json);
        }
        catch (JsonException e)
        {
            throw new DomainException("invalid_priority", "La prioridad no es un JSON válido: " + e.Message, e.Path ?? "priority");
        }

        if (doc is null)
        {
            throw new DomainException("invalid_priority", "La prioridad está vacía.", "priority");
        }

        var d = QueuePriority.Default;
        var tiers = new List<QueueTierFactor>();
        foreach (var code in doc.Tiers ?? d.Tiers.Select(t => EnumCodes.ToCode(t)).ToList())
        {
            tiers.Add(EnumCodes.TryParse<QueueTierFactor>(code, out var factor)
                ? factor
                : throw new DomainException("invalid_priority", $"'{code}' no es un nivel de la cola: {string.Join(", ", EnumCodes.Codes<QueueTierFactor>())}.", "tiers"));
        }

        var dpdCap = doc.Dpd?.Cap ?? d.DpdCap;
        if (dpdCap != decimal.Truncate(dpdCap) || dpdCap is <= 0 or > 100_000)
        {
            throw new DomainException("invalid_priority", "El tope de días de mora es un entero mayor que cero.", "dpd.cap");
        }

        return new QueuePriority(
            tiers,
            doc.AmountOverdue?.Weight ?? d.AmountWeight,
            doc.AmountOverdue?.Cap ?? d.AmountCap,
            doc.Dpd?.Weight ?? d.DpdWeight,
            (int)dpdCap,
            doc.Probability?.Weight ?? d.ProbabilityWeight,
            doc.NextAction is null ? d.ActionPoints : new Dictionary<string, decimal>(doc.NextAction, StringComparer.Ordinal),
            doc.BrokenPromiseDays ?? d.BrokenPromiseDays).Validate();
    }

    private sealed record Weighted(decimal Weight, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Cap);

    private sealed record PriorityDocument(
        IReadOnlyList<string>? Tiers,
        Weighted? AmountOverdue,
        Weighted? Dpd,
        Weighted? Probability,
        IReadOnlyDictionary<string, decimal>? NextAction,
        int? BrokenPromiseDays);
}
