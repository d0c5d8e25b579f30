using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Queue;

/// <summary>
/// A task to put in a debtor's queue: call or visit them from <paramref name="DueDate"/> (the lender's date), asked by
/// <paramref name="Source"/> (a strategy code) at its step <paramref name="SourceStep"/>, for the debtor's
/// <paramref name="Variant"/> (null when the strategy has one).
/// </summary>
public sealed record QueueTaskRequest(long DebtorId, QueueTaskKind Kind, DateOnly DueDate, string Source, string SourceStep, string? Variant);

/// <summary>One queue task as pages and callers see it.</summary>
public sealed record QueueTaskView(
    long Id,
    long DebtorId,
    QueueTaskKind Kind,
    DateOnly DueDate,
    string Source,
    string SourceStep,
    string? Variant,
    QueueTaskStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    string? ClosedBy);

/// <summary>A call or visit asked of the collectors by a strategy step (<c>queue_tasks</c>, owned by Collection; audited).</summary>
public sealed class QueueTaskRecord
{
    public const int MaxCodeLength = 40;

    public const int MaxClosedByLength = 300;

    public long Id { get; set; }

    public long DebtorId { get; set; }

    public QueueTaskKind Kind { get; set; }

    /// <summary>The lender's date from which the task is due.</summary>
    public DateOnly DueDate { get; set; }

    /// <summary>The strategy code that asked for the task.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The strategy step id.</summary>
    public string SourceStep { get; set; } = string.Empty;

    public string? Variant { get; set; }

    public QueueTaskStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Who closed it: the author of the call or visit that did it, or the user who cancelled it.</summary>
    public string? ClosedBy { get; set; }

    internal QueueTaskView View() => new(Id, DebtorId, Kind, DueDate, Source, SourceStep, Variant, Status, CreatedAt, ClosedAt, ClosedBy);
}

/// <summary>
/// The queue tasks of strategy steps (docs/user/collection.md, "Tareas de estrategia"): a call or visit step of a
/// strategy creates one task per debtor, step and due date (<see cref="CreateAsync"/>, idempotent); the queue shows and
/// ranks the debtor's open tasks due on or before its date (<see cref="QueueRefresh"/>); a task is closed (<c>done</c>)
/// when a call (for a call task) or a visit (for a visit task) is recorded for the debtor on or after its due date
/// (<see cref="CloseDoneAsync"/>, run when an activity is logged and at every queue refresh). Creation and closing are
/// audited (the tracked changes, with the actor).
/// </summary>
public sealed class QueueTasks(CarteraDbContext db, TimeProvider clock, IActor actor)
{
    /// <summary>
    /// Creates the task, or returns the one already there for the same debtor, source, step and due date
    /// (<c>Created = false</c>; a second call changes nothing, whatever the kind or variant it gives).
    /// </summary>
    /// <exception cref="DomainException"><c>not_found</c> (debtor), <c>required</c> or <c>invalid_value</c> (source, step, variant).</exception>
    public async Task<(long Id, bool Created)> CreateAsync(QueueTaskRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = Code(request.Source, "source");
        var step = Code(request.SourceStep, "source_step");
        var variant = string.IsNullOrWhiteSpace(request.Variant) ? null : Code(request.Variant, "variant");
        if (!Enum.IsDefined(request.Kind))
        {
            throw new DomainException("invalid_value", "The task kind is call or visit.", "kind");
        }

        if (await Existing(request.DebtorId, source, step, request.DueDate).SingleOrDefaultAsync(ct) is { } id)
        {
            return (id, false);
        }

        if (!await db.Debtors.AnyAsync(d => d.Id == request.DebtorId, ct))
        {
            throw new DomainException("not_found", "The debtor does not exist.", "debtor_id");
        }

        var task = new QueueTaskRecord
        {
            DebtorId = request.DebtorId,
            Kind = request.Kind,
            DueDate = request.DueDate,
            Source = source,
            SourceStep = step,
            Variant = variant,
            Status = QueueTaskStatus.Open,
            CreatedAt = clock.GetUtcNow(),
        };
        db.QueueTasks.Add(task);
        try
        {
            using (db.ActAs(actor))
            {
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateException)
        {
            // A concurrent run created it first: the unique index decides, the first task stays.
            db.Entry(task).State = EntityState.Detached;
            if (await Existing(request.DebtorId, source, step, request.DueDate).SingleOrDefaultAsync(ct) is { } first)
            {
                return (first, false);
            }

            throw;
        }

        db.Entry(task).State = EntityState.Detached;
        return (task.Id, true);
    }

    /// <summary>The debtor's open tasks due on or before <paramref name="date"/>, earliest due first.</summary>
    public async Task<IReadOnlyList<QueueTaskView>> OpenForDebtorAsync(long debtorId, DateOnly date, CancellationToken ct = default) =>
        (await db.QueueTasks.AsNoTracking().Where(t => t.DebtorId == debtorId && t.Status == QueueTaskStatus.Open && t.DueDate <= date).ToListAsync(ct))
            .OrderBy(t => t.DueDate).ThenBy(t => t.Id).Select(t => t.View()).ToList();

    /// <summary>
    /// Closes (<c>done</c>) the open tasks of these debtors (all debtors when null) for which a call (call task) or a
    /// visit (visit task) was recorded on or after the start of its due date in the lender's zone of
    /// <paramref name="clock"/>; closed at that activity's instant, by its author. Returns the number closed.
    /// </summary>
    internal static async Task<int> CloseDoneAsync(CarteraDbContext db, IReadOnlyCollection<long>? debtorIds, TimeProvider clock, CancellationToken ct)
    {
        var open = db.QueueTasks.Where(t => t.Status == QueueTaskStatus.Open);
        if (debtorIds is not null)
        {
            open = open.Where(t => debtorIds.Contains(t.DebtorId));
        }

        var tasks = await open.ToListAsync(ct);
        if (tasks.Count == 0)
        {
            return 0;
        }

        var debtors = tasks.Select(t => t.DebtorId).Distinct().ToList();
        var from = QueueRefresh.StartOf(tasks.Min(t => t.DueDate), clock);
        var activities = await db.CollectionActivities.AsNoTracking()
            .Where(a => debtors.Contains(a.DebtorId) && (a.Kind == ActivityKind.Call || a.Kind == ActivityKind.Visit) && a.At >= from)
            .Select(a => new { a.DebtorId, a.Kind, a.At, a.Id, a.CreatedBy })
            .ToListAsync(ct);
        var closed = 0;
        foreach (var task in tasks)
        {
            var start = QueueRefresh.StartOf(task.DueDate, clock);
            var kind = task.Kind == QueueTaskKind.Visit ? ActivityKind.Visit : ActivityKind.Call;
            var done = activities.Where(a => a.DebtorId == task.DebtorId && a.Kind == kind && a.At >= start).OrderBy(a => a.At).ThenBy(a => a.Id).FirstOrDefault();
            if (done is not null)
            {
                task.Status = QueueTaskStatus.Done;
                task.ClosedAt = done.At;
                task.ClosedBy = done.CreatedBy.Length > QueueTaskRecord.MaxClosedByLength ? done.CreatedBy[..QueueTaskRecord.MaxClosedByLength] : done.CreatedBy;
                closed++;
            }
        }

        if (closed > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return closed;
    }

    private IQueryable<long?> Existing(long debtorId, string source, string step, DateOnly dueDate) =>
        db.QueueTasks.Where(t => t.DebtorId == debtorId && t.Source == source && t.SourceStep == step && t.DueDate == dueDate).Select(t => (long?)t.Id);

    private static string Code(string? value, string field)
    {
        var code = value?.Trim() ?? string.Empty;
        if (code.Length == 0)
        {
            throw new DomainException("required", "The " + field + " is required.", field);
        }

        return code.Length > QueueTaskRecord.MaxCodeLength
            ? throw new DomainException("invalid_value", "The " + field + " is at most 40 characters.", field)
            : code;
    }
}
