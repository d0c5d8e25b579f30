using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Data;
using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Common;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Collection.Queue;

/// <summary>
/// The work queue (docs/user/collection.md, "Cola de trabajo"): <c>GET /api/v1/queue</c> (a page with filters and
/// counts), <c>POST /api/v1/queue/next</c> (the debtor to open next), <c>POST /api/v1/queue/states</c> (worked, skipped,
/// snoozed for today) and <c>GET|PUT /api/v1/queue/priority</c>. A collector sees only their own queue; admins and
/// supervisors may name a <c>user_id</c>. Another user's queue is 403 and a debtor outside the queue 404, both audited.
/// </summary>
public static class QueueApi
{
    public static RouteGroupBuilder MapQueueApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var queue = api.MapGroup("/queue").WithTags("Queue").RequireAuthorization(Policies.ContactDebtors);
        queue.MapGet("/", Page)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("A page of the user's work queue today, in priority order, with the counts per tier and filter.");
        queue.MapPost("/next", Next)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("The debtor to open next: the first after the current one in queue order (debtor_id null when the queue is empty).");
        queue.MapPost("/states", Mark)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Marks a debtor of the queue for today: worked, skipped, or snoozed until an instant (audited).");
        queue.MapGet("/priority", Priority).WithSummary("The queue priority in force (tiers, weights, caps).");
        queue.MapPut("/priority", SavePriority)
            .RequireAuthorization(Policies.WritePortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Replaces the queue priority (admin, supervisor; audited); applies at the next refresh.");
        return api;
    }

    public sealed record QueueItemDto(
        long DebtorId,
        string Name,
        string ExternalId,
        int Tier,
        long Points,
        IReadOnlyList<string> Reasons,
        int Dpd,
        string Bucket,
        string Product,
        MoneyDto Overdue,
        double? Probability,
        string? NextAction,
        string? StrategyTask);

    public sealed record QueueCountsDto(int Open, IReadOnlyDictionary<string, int> ByTier, int WithPromise, int WithCallback, int Worked, int Skipped, int Snoozed);

    public sealed record QueuePageDto(string UserId, DateOnly Date, IReadOnlyList<QueueItemDto> Items, string? Next, QueueCountsDto Counts);

    public sealed record NextRequest(long? CurrentDebtorId, string? UserId);

    public sealed record NextDto(long? DebtorId, string? Url);

    public sealed record StateRequest(long DebtorId, string? State, DateTimeOffset? SnoozedUntil, string? Reason);

    public sealed record StateDto(long DebtorId, DateOnly WorkDate, string State, DateTimeOffset? SnoozedUntil, string? Reason);

    internal static async Task<Results<Ok<QueuePageDto>, ProblemHttpResult>> Page(
        [FromQuery(Name = "user_id")] string? userId,
        string? bucket,
        [FromQuery(Name = "dpd_min")] int? dpdMin,
        [FromQuery(Name = "dpd_max")] int? dpdMax,
        string? product,
        int? tier,
        [FromQuery(Name = "with_promise")] bool? withPromise,
        [FromQuery(Name = "with_callback")] bool? withCallback,
        string? after,
        int? size,
        ClaimsPrincipal user,
        CarteraDbContext db,
        IActor actor,
        TimeProvider clock,
        WorkQueueService queue,
        CancellationToken ct)
    {
        if (await QueueAccess.OwnerAsync(user, userId, db, actor, clock, ct) is not { } owner)
        {
            return Forbidden();
        }

        var filter = new QueueFilter(bucket, dpdMin, dpdMax, product, tier, withPromise == true, withCallback == true);
        var page = await queue.PageAsync(owner, filter, QueueAccess.Parse(after), size ?? 25, ct);
        var counts = await queue.CountsAsync(owner, filter, ct);
        return TypedResults.Ok(new QueuePageDto(
            owner,
            queue.Today,
            page.Items.Select(Dto).ToList(),
            page.Next is { } n ? QueueAccess.Format(n) : null,
            new QueueCountsDto(counts.Open, counts.ByTier.ToDictionary(t => t.Key.ToString(CultureInfo.InvariantCulture), t => t.Value), counts.WithPromise, counts.WithCallback, counts.Worked, counts.Skipped, counts.Snoozed)));
    }

    internal static async Task<Results<Ok<NextDto>, ProblemHttpResult>> Next(NextRequest? request, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, WorkQueueService queue, CancellationToken ct)
    {
        if (await QueueAccess.OwnerAsync(user, request?.UserId, db, actor, clock, ct) is not { } owner)
        {
            return Forbidden();
        }

        var next = await queue.NextAsync(owner, request?.CurrentDebtorId, null, ct);
        return TypedResults.Ok(new NextDto(next, next is { } id ? "/deudores/" + id.ToString(CultureInfo.InvariantCulture) : null));
    }

    internal static async Task<Results<Ok<StateDto>, NotFound, ProblemHttpResult>> Mark(StateRequest request, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, WorkQueueService queue, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (owner is null)
        {
            return Forbidden();
        }

        var state = Codes.Parse<QueueItemState>(request.State ?? string.Empty, "state");
        if (!await QueueAccess.DebtorAsync(owner, request.DebtorId, queue, db, actor, clock, ct))
        {
            return TypedResults.NotFound();
        }

        var row = await queue.MarkAsync(owner, request.DebtorId, state, request.SnoozedUntil, request.Reason, ct);
        return TypedResults.Ok(new StateDto(row.DebtorId, row.WorkDate, EnumCodes.ToCode(row.State), row.SnoozedUntil, row.Reason));
    }

    internal static async Task<ContentHttpResult> Priority(QueuePrioritySettings settings, CancellationToken ct) =>
        TypedResults.Content(QueuePrioritySettings.ToJson(await settings.CurrentAsync(ct)), "application/json");

    internal static async Task<ContentHttpResult> SavePriority(HttpRequest request, QueuePrioritySettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body);
        var saved = await settings.SaveAsync(await reader.ReadToEndAsync(ct), ct);
        return TypedResults.Content(QueuePrioritySettings.ToJson(saved), "application/json");
    }

    internal static IReadOnlyList<string> Reasons(QueueItem item)
    {
        var reasons = new List<string>();
        if (item.BrokenPromise)
        {
            reasons.Add(EnumCodes.ToCode(QueueTierFactor.BrokenPromise));
        }

        if (item.PromiseDueToday)
        {
            reasons.Add(EnumCodes.ToCode(QueueTierFactor.PromiseDueToday));
        }

        if (item.CallbackDue)
        {
            reasons.Add(EnumCodes.ToCode(QueueTierFactor.CallbackDue));
        }

        if (item.AgreementOverdue)
        {
            reasons.Add(EnumCodes.ToCode(QueueTierFactor.AgreementOverdue));
        }

        return reasons;
    }

    private static QueueItemDto Dto(QueueItem i) =>
        new(i.DebtorId, i.Name, i.ExternalId, i.Tier, i.Points, Reasons(i), i.Dpd, i.Bucket, i.Product, MoneyDto.FromMinor(i.OverdueMinor, i.Currency), i.Probability, i.NextAction,
            i.StrategyTask is { } task ? EnumCodes.ToCode(task) : null);

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Forbidden.",
            Detail = "Only admins and supervisors may read another user's work queue.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
            Extensions = { ["code"] = "forbidden", ["field"] = "user_id" },
        });
}
