using Cartera.Application.Collection.Teams;
using Cartera.Domain.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Collection.Teams;

/// <summary>
/// The form posts of <c>/equipos</c>: create a team, add a member, remove a member. Admin only, antiforgery
/// validated, then a redirect back (post/redirect/get) with a notice or the Spanish error.
/// </summary>
internal static class TeamFormEndpoints
{
    public const string Route = "/equipos";

    public const string CreatePath = "/equipos/crear";

    public static string AddPath(string code) => $"/equipos/{Uri.EscapeDataString(code)}/miembros";

    public static string RemovePath(string code) => $"/equipos/{Uri.EscapeDataString(code)}/miembros/quitar";

    public static IEndpointRouteBuilder MapTeamFormEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(CreatePath, CreateAsync).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        app.MapPost("/equipos/{code}/miembros", AddAsync).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        app.MapPost("/equipos/{code}/miembros/quitar", RemoveAsync).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        return app;
    }

    public sealed class CreateForm
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public string? Supervisor { get; set; }
    }

    public sealed class MemberForm
    {
        public string? Member { get; set; }
    }

    private static Task<RedirectHttpResult> CreateAsync([FromForm] CreateForm form, TeamService teams, CancellationToken ct) =>
        RunAsync(() => teams.CreateAsync(form.Code ?? string.Empty, form.Name ?? string.Empty, form.Supervisor ?? string.Empty, ct));

    private static Task<RedirectHttpResult> AddAsync(string code, [FromForm] MemberForm form, TeamService teams, CancellationToken ct) =>
        RunAsync(() => teams.AddMemberAsync(code, form.Member ?? string.Empty, null, ct));

    private static Task<RedirectHttpResult> RemoveAsync(string code, [FromForm] MemberForm form, TeamService teams, CancellationToken ct) =>
        RunAsync(() => teams.RemoveMemberAsync(code, form.Member ?? string.Empty, null, ct));

    private static async Task<RedirectHttpResult> RunAsync(Func<Task<TeamView>> change)
    {
        try
        {
            var team = await change();
            return TypedResults.LocalRedirect($"{Route}?hecho={Uri.EscapeDataString(team.Code)}");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{Route}?error={Uri.EscapeDataString(e.Message)}");
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.LocalRedirect($"{Route}?error={Uri.EscapeDataString(e.Message)}");
        }
    }
}
