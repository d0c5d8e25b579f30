using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Data;
using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Collection.Queue;

/// <summary>
/// The queue page's links and forms: <c>GET /cola/siguiente</c> opens the next debtor (key <c>n</c> on the queue and
/// debtor pages), <c>POST /cola/estado</c> marks a debtor skipped, snoozed (for a number of hours) or worked for today.
/// Antiforgery validated; post/redirect/get back to <c>/cola</c>.
/// </summary>
internal static class QueueFormEndpoints
{
    public const string NextPath = "/cola/siguiente";

    public const string StatePath = "/cola/estado";

    public static IEndpointRouteBuilder MapQueueFormEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(NextPath, NextAsync).RequireAuthorization(Policies.ContactDebtors).ExcludeFromDescription();
        app.MapPost(StatePath, MarkAsync).RequireAuthorization(Policies.ContactDebtors).ExcludeFromDescription();
        return app;
    }

    /// <summary>The next link for a debtor page (<c>desde</c> = the debtor being looked at).</summary>
    public static string NextUrl(long? current) =>
        current is { } id ? NextPath + "?desde=" + id.ToString(CultureInfo.InvariantCulture) : NextPath;

    public sealed class StateForm
    {
        public long DebtorId { get; set; }

        public string? State { get; set; }

        public int? Hours { get; set; }

        public string? Reason { get; set; }
    }

    private static async Task<RedirectHttpResult> NextAsync([FromQuery(Name = "desde")] long? current, [FromQuery(Name = "gestor")] string? owner, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, WorkQueueService queue, CancellationToken ct)
    {
        if (await QueueAccess.OwnerAsync(user, owner, db, actor, clock, ct) is not { } userId)
        {
            return TypedResults.LocalRedirect(QueuePage.Route);
        }

        var next = await queue.NextAsync(userId, current, null, ct);
        return next is { } id
            ? TypedResults.LocalRedirect("/deudores/" + id.ToString(CultureInfo.InvariantCulture))
            : TypedResults.LocalRedirect(QueuePage.Route + "?vacia=1");
    }

    private static async Task<RedirectHttpResult> MarkAsync([FromForm] StateForm form, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, WorkQueueService queue, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || !await QueueAccess.DebtorAsync(userId, form.DebtorId, queue, db, actor, clock, ct))
        {
            return TypedResults.LocalRedirect(QueuePage.Route);
        }

        try
        {
            var state = EnumCodes.TryParse<QueueItemState>(form.State, out var s) ? s : throw new DomainException("invalid_code", "Elija omitir, posponer o trabajado.", "state");
            DateTimeOffset? until = state == QueueItemState.Snoozed ? clock.GetUtcNow().AddHours(Math.Clamp(form.Hours ?? 1, 1, 24 * 30)) : null;
            await queue.MarkAsync(userId, form.DebtorId, state, until, form.Reason, ct);
            return TypedResults.LocalRedirect($"{QueuePage.Route}?marcado={EnumCodes.ToCode(state)}");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{QueuePage.Route}?error={Uri.EscapeDataString(e.Code)}");
        }
    }
}
