using System.Security.Claims;
using Cartera.Application.Collection.Teams;
using Cartera.Application.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Collection.Teams;

/// <summary>
/// <c>/api/v1/teams</c> (docs/user/collection.md, "Equipos"): admin, analyst and auditor list every team, a supervisor
/// the teams they supervise; admin creates teams, changes their name or supervisor and moves members. Errors are
/// ProblemDetails (422 with <c>code</c> and <c>field</c>; 404 for an unknown team).
/// </summary>
public static class TeamsApi
{
    public static RouteGroupBuilder MapTeamsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/teams").WithTags("Teams").RequireAuthorization(Policies.ReadAssignments);
        group.MapGet("/", List).WithSummary("Teams with their supervisor and current members (a supervisor: their own teams).");
        group.MapGet("/{code}", Get).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One team.");
        group.MapPost("/", Create)
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Creates a team: code (a-z, 0-9, - and _; at most 40), name and supervisor (email of a user with the supervisor role).");
        group.MapPatch("/{code}", Update)
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Renames a team or changes its supervisor.");
        group.MapPost("/{code}/members", AddMember)
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Adds a collector, field agent or agency user from a date (today when missing); they leave their previous team that day.");
        group.MapPost("/{code}/members/remove", RemoveMember)
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Ends a membership on a date (today when missing); the row stays as history.");
        return api;
    }

    public sealed record TeamDto(string Code, string Name, string SupervisorEmail, string SupervisorName, IReadOnlyList<MemberDto> Members);

    public sealed record MemberDto(string Email, string Name, DateOnly JoinedOn);

    public sealed record CreateRequest(string? Code, string? Name, string? Supervisor);

    public sealed record UpdateRequest(string? Name, string? Supervisor);

    public sealed record MemberRequest(string? Member, DateOnly? On);

    internal static async Task<Ok<IReadOnlyList<TeamDto>>> List(ClaimsPrincipal user, TeamService teams, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<TeamDto>>((await teams.ListAsync(SupervisorFilter(user), ct)).Select(Dto).ToList());

    internal static async Task<Results<Ok<TeamDto>, NotFound>> Get(string code, ClaimsPrincipal user, TeamService teams, CancellationToken ct)
    {
        var team = (await teams.ListAsync(SupervisorFilter(user), ct)).FirstOrDefault(t => t.Code == code);
        return team is null ? TypedResults.NotFound() : TypedResults.Ok(Dto(team));
    }

    internal static async Task<Created<TeamDto>> Create(CreateRequest request, TeamService teams, CancellationToken ct)
    {
        var team = await teams.CreateAsync(request.Code ?? string.Empty, request.Name ?? string.Empty, request.Supervisor ?? string.Empty, ct);
        return TypedResults.Created($"/api/v1/teams/{team.Code}", Dto(team));
    }

    internal static async Task<Results<Ok<TeamDto>, NotFound>> Update(string code, UpdateRequest request, TeamService teams, CancellationToken ct) =>
        await teams.ExistsAsync(code, ct) ? TypedResults.Ok(Dto(await teams.UpdateAsync(code, request.Name, request.Supervisor, ct))) : TypedResults.NotFound();

    internal static async Task<Results<Ok<TeamDto>, NotFound>> AddMember(string code, MemberRequest request, TeamService teams, CancellationToken ct) =>
        await teams.ExistsAsync(code, ct) ? TypedResults.Ok(Dto(await teams.AddMemberAsync(code, request.Member ?? string.Empty, request.On, ct))) : TypedResults.NotFound();

    internal static async Task<Results<Ok<TeamDto>, NotFound>> RemoveMember(string code, MemberRequest request, TeamService teams, CancellationToken ct) =>
        await teams.ExistsAsync(code, ct) ? TypedResults.Ok(Dto(await teams.RemoveMemberAsync(code, request.Member ?? string.Empty, request.On, ct))) : TypedResults.NotFound();

    /// <summary>A supervisor who is neither admin, analyst nor auditor lists only the teams they supervise.</summary>
    internal static string? SupervisorFilter(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Supervisor) && !user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Analyst) && !user.IsInRole(Roles.Auditor)
            ? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty
            : null;

    private static TeamDto Dto(TeamView t) =>
        new(t.Code, t.Name, t.SupervisorEmail, t.SupervisorName, t.Members.Select(m => new MemberDto(m.Email, m.Name, m.JoinedOn)).ToList());
}
