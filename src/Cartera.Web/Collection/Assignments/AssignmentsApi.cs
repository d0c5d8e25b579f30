using Cartera.Application.Collection.Assignments;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;
using Cartera.Web.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Collection.Assignments;

/// <summary>
/// <c>/api/v1/assignments</c> (docs/user/collection.md, "Assignments"): list and history for admin, supervisor, analyst
/// and auditor; assign one debtor, assign in bulk from a filter and end an assignment for admin and supervisor only.
/// Errors are ProblemDetails (422 with <c>code</c> and <c>field</c>; 404 for an unknown assignment or debtor).
/// </summary>
public static class AssignmentsApi
{
    public static RouteGroupBuilder MapAssignmentsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/assignments").WithTags("Assignments").RequireAuthorization(Policies.ReadAssignments);
        group.MapGet("/", List).WithSummary("Assignments by debtor, assignee (user id or email), role and active, newest first, paged.");
        group.MapGet("/debtors/{debtorId:long}", History).WithSummary("Every assignment of a debtor, active and ended, newest first.");
        group.MapPost("/", Assign)
            .RequireAuthorization(Policies.ManageAssignments)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Assigns one debtor (a new assignment of the role ends the active one).")
            .WithDescription("201 with the assignment; 200 with it when the same assignee, role and valid_from was already active (unchanged). 422 role_mismatch, inactive_assignee, unknown_assignee, unknown_debtor.");
        group.MapPost("/bulk", Bulk)
            .RequireAuthorization(Policies.ManageAssignments)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Assigns every debtor matching a filter (DPD range, bucket, segment, amount overdue, unassigned only, current assignee) and answers the counts.");
        group.MapPost("/{id:long}/end", End)
            .RequireAuthorization(Policies.ManageAssignments)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Ends an active assignment (kept in the history with who ended it and why).");
        return api;
    }

    public sealed record AssignmentDto(
        long Id, long DebtorId, string DebtorName, string UserId, string? AssigneeEmail, string? AssigneeName, string Role, DateOnly ValidFrom,
        DateTimeOffset AssignedAt, string AssignedBy, bool Active, DateTimeOffset? EndedAt, string? EndedBy, string? EndReason);

    /// <param name="Assignee">The assignee's email (or user id).</param>
    /// <param name="Role">collector, field_agent or agency; the assignee must hold it.</param>
    /// <param name="ValidFrom">The lender's date the assignment counts from; today when missing.</param>
    public sealed record AssignRequest(long DebtorId, string? Assignee, string? Role, DateOnly? ValidFrom);

    /// <summary>The filter of a bulk assignment; amounts in major units of <c>Currency</c>.</summary>
    public sealed record BulkFilter(
        string? Q, string? Segment, int? MinDpd, int? MaxDpd, string? Bucket, decimal? MinOverdue, decimal? MaxOverdue, string? Currency,
        bool? UnassignedOnly, string? CurrentAssignee);

    public sealed record BulkRequest(BulkFilter? Filter, string? Assignee, string? Role, DateOnly? ValidFrom);

    public sealed record BulkResponse(int Matched, int Assigned, int Unchanged);

    public sealed record EndRequest(string? Reason);

    internal static async Task<Ok<Paged<AssignmentDto>>> List(
        AssignmentService service, long? debtorId, string? assignee, string? role, bool? active, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = PortfolioSearch.Paging(page, pageSize);
        var query = new AssignmentQuery(debtorId, assignee, role is null ? null : Codes.Parse<AssignmentRole>(role, "role"), active);
        var (items, total) = await service.ListAsync(query, p, size, ct);
        return TypedResults.Ok(new Paged<AssignmentDto>(items.Select(Dto).ToList(), p, size, total));
    }

    internal static async Task<Results<Ok<IReadOnlyList<AssignmentDto>>, NotFound>> History(long debtorId, AssignmentService service, Application.Data.CarteraDbContext db, CancellationToken ct)
    {
        if (!await db.Debtors.AnyAsync(d => d.Id == debtorId, ct))
        {
            return TypedResults.NotFound();
        }

        var items = await service.HistoryAsync(debtorId, ct);
        return TypedResults.Ok<IReadOnlyList<AssignmentDto>>(items.Select(Dto).ToList());
    }

    internal static async Task<Results<Created<AssignmentDto>, Ok<AssignmentDto>>> Assign(AssignRequest request, AssignmentService service, CancellationToken ct)
    {
        var role = Codes.Parse<AssignmentRole>(request.Role, "role");
        var (outcome, assignment) = await service.AssignAsync(new AssignCommand(request.DebtorId, request.Assignee ?? string.Empty, role, request.ValidFrom), ct);
        var dto = Dto(assignment);
        return outcome == AssignmentOutcome.Assigned
            ? TypedResults.Created($"/api/v1/assignments/debtors/{assignment.DebtorId}", dto)
            : TypedResults.Ok(dto);
    }

    internal static async Task<Ok<BulkResponse>> Bulk(BulkRequest request, AssignmentService service, CancellationToken ct)
    {
        var role = Codes.Parse<AssignmentRole>(request.Role, "role");
        var f = request.Filter ?? new BulkFilter(null, null, null, null, null, null, null, null, null, null);
        var filter = new AssignmentFilter
        {
            Q = f.Q,
            Segment = f.Segment,
            MinDpd = f.MinDpd,
            MaxDpd = f.MaxDpd,
            Bucket = f.Bucket,
            MinOverdue = f.MinOverdue,
            MaxOverdue = f.MaxOverdue,
            Currency = f.Currency,
            UnassignedOnly = f.UnassignedOnly ?? false,
            AssigneeId = f.CurrentAssignee is { Length: > 0 } current ? (await service.ResolveUserIdAsync(current, ct)) : null,
            Role = role,
        };
        var result = await service.AssignMatchingAsync(filter, request.Assignee ?? string.Empty, role, request.ValidFrom, ct);
        return TypedResults.Ok(new BulkResponse(result.Matched, result.Assigned, result.Unchanged));
    }

    internal static async Task<Results<Ok<AssignmentDto>, NotFound>> End(long id, EndRequest? request, AssignmentService service, CancellationToken ct)
    {
        if (!await service.ExistsAsync(id, ct))
        {
            return TypedResults.NotFound();
        }

        await service.EndAsync(id, request?.Reason, ct);
        return TypedResults.Ok(Dto(await service.GetAsync(id, ct)));
    }

    internal static AssignmentDto Dto(AssignmentView a) =>
        new(a.Id, a.DebtorId, a.DebtorName, a.UserId, a.AssigneeEmail, a.AssigneeName, EnumCodes.ToCode(a.Role), a.ValidFrom, a.AssignedAt, a.AssignedBy, a.Active, a.EndedAt, a.EndedBy, a.EndReason);
}
