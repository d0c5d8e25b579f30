using System.Security.Claims;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Web.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Compliance;

/// <summary>
/// <c>/api/v1/compliance</c>: check and record a contact attempt for a debtor (roles that contact debtors; collectors,
/// field agents and agencies only for debtors assigned to them, 404 otherwise), the period report (supervisor, admin,
/// auditor), rule sets (admin) and per-debtor overrides (admin, supervisor). A check is made at the server's clock:
/// the caller cannot choose the instant of an attempt it is about to make.
/// </summary>
public static class ComplianceApi
{
    public static RouteGroupBuilder MapComplianceApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/compliance").WithTags("Compliance");
        group.MapPost("/checks", Check)
            .RequireAuthorization(Policies.ContactDebtors)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Checks a contact attempt to a debtor now and records it, allowed or blocked, with every reason.");
        group.MapGet("/report", Report)
            .RequireAuthorization(Policies.ComplianceReport)
            .WithSummary("Attempts in a period (UTC dates, inclusive): total, by channel, by actor, by reason.");
        group.MapGet("/rule-sets", RuleSets)
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Every stored rule-set version with its rules, sources and [verify] flags.");
        group.MapGet("/rule-sets/{id}", RuleSet)
            .RequireAuthorization(Policies.Admin)
            .WithSummary("The versions of one rule set, newest first.");
        group.MapPut("/rule-sets/{id}", SaveRuleSet)
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Saves an edit as the next version of the rule set (old versions are kept).");
        group.MapGet("/overrides/{debtorId:long}", Override)
            .RequireAuthorization(Policies.WritePortfolio)
            .WithSummary("A debtor's compliance overrides (all off when none were set).");
        group.MapPut("/overrides/{debtorId:long}", SaveOverride)
            .RequireAuthorization(Policies.WritePortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Sets a debtor's agreed hours (with document), opt-outs, do-not-contact and holds; audited.");
        return api;
    }

    public sealed record CheckRequest(long DebtorId, string Channel, string? Purpose, string? Target);

    public sealed record CheckResponse(long AttemptId, bool Allowed, IReadOnlyList<string> Reasons, DateTimeOffset At, DateTimeOffset? NextAllowedAt, string RuleSetVersion);

    internal static async Task<Results<Ok<CheckResponse>, NotFound>> Check(
        CheckRequest request, ClaimsPrincipal user, CarteraDbContext db, ContactGate gate, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await PortfolioAccess.VisibleDebtors(db, user).AnyAsync(d => d.Id == request.DebtorId, ct))
        {
            return TypedResults.NotFound();
        }

        var at = clock.GetUtcNow();
        var result = await gate.CheckAsync(
            new ContactGateRequest(
                request.DebtorId,
                ParseChannel(request.Channel),
                request.Purpose is { Length: > 0 } purpose ? Codes.Parse<ConsentPurpose>(purpose, "purpose") : ConsentPurpose.Collection,
                at,
                Actor(user),
                request.Target is { Length: > 0 } target ? Codes.Parse<ContactTarget>(target, "target") : ContactTarget.Debtor),
            ct);
        var d = result.Decision;
        return TypedResults.Ok(new CheckResponse(result.AttemptId!.Value, d.Allowed, d.Reasons.Select(ComplianceCodes.ToCode).ToList(), at, d.NextAllowedAt, d.RuleSetVersion));
    }

    internal static async Task<Ok<IReadOnlyList<ComplianceReportRow>>> Report(DateOnly from, DateOnly to, ComplianceReport report, CancellationToken ct) =>
        TypedResults.Ok(await report.RunAsync(from, to, ct));

    internal static async Task<Ok<IReadOnlyList<RuleSetVersionView>>> RuleSets(ComplianceRuleSets ruleSets, CancellationToken ct) =>
        TypedResults.Ok(await ruleSets.ListAsync(ct));

    internal static async Task<Results<Ok<IReadOnlyList<RuleSetVersionView>>, NotFound>> RuleSet(string id, ComplianceRuleSets ruleSets, CancellationToken ct)
    {
        var versions = await ruleSets.VersionsAsync(id, ct);
        return versions.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(versions);
    }

    internal static async Task<Ok<RuleSetVersionView>> SaveRuleSet(string id, RuleSetEdit edit, ComplianceRuleSets ruleSets, CancellationToken ct) =>
        TypedResults.Ok(await ruleSets.SaveAsync(id, edit, ct));

    internal static async Task<Results<Ok<OverrideData>, NotFound>> Override(long debtorId, CarteraDbContext db, ComplianceOverrides overrides, CancellationToken ct)
    {
        if (!await db.Debtors.AnyAsync(d => d.Id == debtorId, ct))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await overrides.GetAsync(debtorId, ct) ?? OverrideData.None);
    }

    internal static async Task<Results<Ok<OverrideData>, NotFound>> SaveOverride(long debtorId, OverrideData data, CarteraDbContext db, ComplianceOverrides overrides, CancellationToken ct)
    {
        if (!await db.Debtors.AnyAsync(d => d.Id == debtorId, ct))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await overrides.SaveAsync(debtorId, data, ct));
    }

    /// <summary>Agencies act as agencies; every other signed-in role as a collector. The id is the user id, never a name.</summary>
    internal static ContactActor Actor(ClaimsPrincipal user) =>
        new(user.IsInRole(Roles.Agency) ? ActorKind.Agency : ActorKind.Collector, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown");

    private static ConsentChannel ParseChannel(string? channel)
    {
        try
        {
            return ComplianceCodes.ParseChannel(channel ?? string.Empty);
        }
        catch (DomainException e)
        {
            throw new DomainException(e.Code, e.Message, "channel");
        }
    }
}
