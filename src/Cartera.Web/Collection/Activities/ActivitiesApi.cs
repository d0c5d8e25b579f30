using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Activities;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Data;
using Cartera.Application.Portfolio;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Web.Compliance;
using Cartera.Web.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Collection.Activities;

/// <summary>
/// Collection activities of a debtor (<c>/api/v1/debtors/{id}/activities</c>), the gate's answer
/// (<c>/contact-check</c>), skip tracing (<c>/contact-points</c>), the debtor's call guide (<c>/call-guide</c>) and the
/// call guides per stage (<c>/api/v1/call-guides</c>). Object-level access as every debtor API
/// (<see cref="PortfolioAccess"/>): a debtor outside the user's scope is 404, and the denial is audited. A contact the
/// compliance gate blocks is a 409 problem <c>contact_blocked</c> with <c>reasons</c> and <c>next_allowed_at</c>.
/// </summary>
public static class ActivitiesApi
{
    public static RouteGroupBuilder MapActivitiesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var debtor = api.MapGroup("/debtors/{id:long}").WithTags("Activities");
        debtor.MapPost("/activities", Log)
            .RequireAuthorization(Policies.ContactDebtors)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Logs a call, SMS, WhatsApp, e-mail, visit or note; an outbound contact is checked by the compliance gate first.");
        debtor.MapGet("/activities", Timeline)
            .RequireAuthorization(Policies.ReadPortfolio)
            .WithSummary("The debtor's activity timeline, newest first.");
        debtor.MapGet("/contact-check", ContactCheck)
            .RequireAuthorization(Policies.ContactDebtors)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Can the debtor be contacted now on a channel (call, sms, whatsapp, email, visit): the gate's answer, reasons and next allowed instant, nothing recorded.");
        debtor.MapPost("/contact-points", AddContactPoint)
            .RequireAuthorization(Policies.ContactDebtors)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Skip tracing: adds a located contact point with its consent evidence (audited).");
        debtor.MapGet("/call-guide", DebtorGuide)
            .RequireAuthorization(Policies.ReadPortfolio)
            .WithSummary("The call guide of the debtor's collection stage (by days past due).");
        var guides = api.MapGroup("/call-guides").WithTags("Activities");
        guides.MapGet("/", Guides).RequireAuthorization(Policies.ReadPortfolio).WithSummary("The call guide of every collection stage.");
        guides.MapPut("/{stage}", SaveGuide)
            .RequireAuthorization(Policies.WritePortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Replaces a stage's script and objection answers (admin, supervisor; audited).");
        return api;
    }

    public sealed record LogRequest(
        string Kind,
        string? Direction,
        long? ObligationId,
        long? ContactPointId,
        string? Outcome,
        string? DefaultCause,
        bool Conversation,
        DateTimeOffset? NextActionAt,
        string? Note);

    public sealed record ActivityDto(
        long Id,
        long DebtorId,
        long? ObligationId,
        string Kind,
        string Direction,
        long? ContactPointId,
        string? ContactChannel,
        string? Outcome,
        string? DefaultCause,
        bool Conversation,
        DateTimeOffset? NextActionAt,
        string? Note,
        long? ContactAttemptId,
        DateTimeOffset At,
        string UserId,
        bool ContactPointInvalidated);

    public sealed record ContactCheckDto(string Channel, bool Allowed, IReadOnlyList<string> Reasons, DateTimeOffset At, DateTimeOffset? NextAllowedAt, string RuleSetVersion, IReadOnlyList<ContactPointCheckDto> ContactPoints);

    public sealed record ContactPointCheckDto(long Id, string Channel, string Value, bool DoNotContact, bool Usable);

    public sealed record NewContactPointRequest(string Channel, string Value, IReadOnlyList<string>? ConsentChannels, string? ConsentMethod, string? ConsentEvidence);

    public sealed record CallGuideDto(string Stage, string Script, IReadOnlyList<ObjectionDto> Objections);

    public sealed record ObjectionDto(string Objection, string Answer);

    public sealed record DebtorCallGuideDto(int Dpd, string Stage, CallGuideDto Guide);

    public sealed record CallGuideRequest(string Script, IReadOnlyList<ObjectionDto>? Objections);

    internal static async Task<Results<Created<ActivityDto>, NotFound, ProblemHttpResult>> Log(
        long id, LogRequest request, ClaimsPrincipal user, CarteraDbContext db, ActivityLog log, WorkQueueService queue, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await VisibleAsync(id, user, db, actor, clock, "log_activity", ct))
        {
            return TypedResults.NotFound();
        }

        var input = new ActivityInput(
            Codes.Parse<ActivityKind>(request.Kind, "kind"),
            request.Direction is { Length: > 0 } direction ? Codes.Parse<ActivityDirection>(direction, "direction") : ActivityDirection.Outbound,
            request.ObligationId,
            request.ContactPointId,
            request.Outcome is { Length: > 0 } outcome ? Codes.Parse<ActivityOutcome>(outcome, "outcome") : null,
            request.DefaultCause is { Length: > 0 } cause ? Codes.Parse<DefaultCause>(cause, "default_cause") : null,
            request.Conversation,
            request.NextActionAt,
            request.Note);
        var result = await log.LogAsync(id, input, Author(user, actor), ct);
        if (result.Refusal is { } refusal)
        {
            return TypedResults.Problem(Blocked(refusal));
        }

        await queue.RefreshDebtorAsync(id, ct);
        var dto = Dto(result.Activity!, result.ContactPointInvalidated);
        return TypedResults.Created($"/api/v1/debtors/{id.ToString(CultureInfo.InvariantCulture)}/activities/{dto.Id.ToString(CultureInfo.InvariantCulture)}", dto);
    }

    internal static async Task<Results<Ok<IReadOnlyList<ActivityDto>>, NotFound>> Timeline(
        long id, ClaimsPrincipal user, CarteraDbContext db, ActivityLog log, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (!await VisibleAsync(id, user, db, actor, clock, "read_activities", ct))
        {
            return TypedResults.NotFound();
        }

        var rows = await log.TimelineAsync(id, ct: ct);
        return TypedResults.Ok<IReadOnlyList<ActivityDto>>(rows.Select(r => Dto(r, false)).ToList());
    }

    internal static async Task<Results<Ok<ContactCheckDto>, NotFound>> ContactCheck(
        long id, string? channel, ClaimsPrincipal user, CarteraDbContext db, ContactAvailability availability, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (!await VisibleAsync(id, user, db, actor, clock, "contact_check", ct))
        {
            return TypedResults.NotFound();
        }

        var kind = Codes.Parse<ActivityKind>(channel, "channel");
        var answer = await availability.CheckAsync(id, kind, ComplianceApi.Actor(user), ct);
        var usable = CollectionActivity.ContactChannels(kind);
        var points = await db.ContactPoints.AsNoTracking().Where(c => c.DebtorId == id).OrderBy(c => c.Id).ToListAsync(ct);
        return TypedResults.Ok(new ContactCheckDto(
            EnumCodes.ToCode(kind),
            answer.Allowed,
            answer.Reasons.Select(ComplianceCodes.ToCode).ToList(),
            clock.GetUtcNow(),
            answer.NextAllowedAt,
            answer.RuleSetVersion,
            points.Where(p => usable.Contains(p.Channel))
                .Select(p => new ContactPointCheckDto(p.Id, EnumCodes.ToCode(p.Channel), p.Value, p.DoNotContact, answer.Allowed && !p.DoNotContact)).ToList()));
    }

    internal static async Task<Results<Created<ContactPointCheckDto>, NotFound>> AddContactPoint(
        long id, NewContactPointRequest request, ClaimsPrincipal user, CarteraDbContext db, ContactPointService contactPoints, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await VisibleAsync(id, user, db, actor, clock, "add_contact_point", ct))
        {
            return TypedResults.NotFound();
        }

        var pointId = await contactPoints.AddAsync(
            id,
            new NewContactPoint(
                Codes.Parse<ContactChannel>(request.Channel, "channel"),
                request.Value ?? string.Empty,
                (request.ConsentChannels ?? []).Select(c => Codes.Parse<ConsentChannel>(c, "consent_channels")).ToList(),
                request.ConsentMethod,
                request.ConsentEvidence),
            ct);
        var point = await db.ContactPoints.AsNoTracking().SingleAsync(c => c.Id == pointId, ct);
        return TypedResults.Created(
            $"/api/v1/debtors/{id.ToString(CultureInfo.InvariantCulture)}",
            new ContactPointCheckDto(point.Id, EnumCodes.ToCode(point.Channel), point.Value, point.DoNotContact, !point.DoNotContact));
    }

    internal static async Task<Results<Ok<DebtorCallGuideDto>, NotFound>> DebtorGuide(
        long id, ClaimsPrincipal user, CarteraDbContext db, CallGuides guides, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (!await VisibleAsync(id, user, db, actor, clock, "call_guide", ct))
        {
            return TypedResults.NotFound();
        }

        var zone = await db.Debtors.Where(d => d.Id == id).Select(d => d.TimeZone).SingleAsync(ct);
        var guide = await guides.ForDebtorAsync(id, Formats.Today(clock, zone), ct);
        return TypedResults.Ok(new DebtorCallGuideDto(guide.Dpd, EnumCodes.ToCode(guide.Stage), Dto(guide.Guide)));
    }

    internal static async Task<Ok<IReadOnlyList<CallGuideDto>>> Guides(CallGuides guides, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<CallGuideDto>>((await guides.ListAsync(ct)).Select(Dto).ToList());

    internal static async Task<Ok<CallGuideDto>> SaveGuide(string stage, CallGuideRequest request, CallGuides guides, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var saved = await guides.SaveAsync(
            new CallGuide(
                Codes.Parse<CollectionStage>(stage, "stage"),
                request.Script ?? string.Empty,
                (request.Objections ?? []).Select(o => new ObjectionAnswer(o.Objection, o.Answer)).ToList()),
            ct);
        return TypedResults.Ok(Dto(saved));
    }

    /// <summary>Whether the debtor is in the user's scope; a denial is audited (the caller answers 404).</summary>
    internal static async Task<bool> VisibleAsync(long debtorId, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, string what, CancellationToken ct)
    {
        if (await PortfolioAccess.VisibleDebtors(db, user).AnyAsync(d => d.Id == debtorId, ct))
        {
            return true;
        }

        if (await db.Debtors.AnyAsync(d => d.Id == debtorId, ct))
        {
            await AccessDenials.RecordAsync(db, actor, clock, nameof(Debtor), debtorId, what, ct);
        }

        return false;
    }

    internal static ActivityAuthor Author(ClaimsPrincipal user, IActor actor) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown", actor.Name, ComplianceApi.Actor(user));

    internal static ProblemDetails Blocked(ComplianceDecision refusal)
    {
        var problem = Problems.Conflict("contact_blocked", $"The compliance gate blocks this contact now: {refusal.ReasonCodes}.", "kind");
        problem.Extensions["reasons"] = refusal.Reasons.Select(ComplianceCodes.ToCode).ToList();
        problem.Extensions["next_allowed_at"] = refusal.NextAllowedAt;
        problem.Extensions["rule_set_version"] = refusal.RuleSetVersion;
        return problem;
    }

    private static ActivityDto Dto(ActivityView a, bool invalidated) => new(
        a.Id,
        a.DebtorId,
        a.ObligationId,
        EnumCodes.ToCode(a.Kind),
        EnumCodes.ToCode(a.Direction),
        a.ContactPointId,
        a.ContactChannel is { } c ? EnumCodes.ToCode(c) : null,
        a.Outcome is { } o ? EnumCodes.ToCode(o) : null,
        a.DefaultCause is { } d ? EnumCodes.ToCode(d) : null,
        a.Conversation,
        a.NextActionAt,
        a.Note,
        a.ContactAttemptId,
        a.At,
        a.UserId,
        invalidated);

    private static CallGuideDto Dto(CallGuide g) =>
        new(EnumCodes.ToCode(g.Stage), g.Script, g.Objections.Select(o => new ObjectionDto(o.Objection, o.Answer)).ToList());
}
