using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Activities;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Data;
using Cartera.Application.Portfolio;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Collection.Activities;

/// <summary>
/// The form posts of the debtor page's "Registrar gestión" and "Localizar al cliente" sections and of the call-guide
/// page: antiforgery validated, object-level access as the API (404 and an audited denial outside the user's scope),
/// then a redirect back (post/redirect/get) with the result: <c>gestion</c> (logged), <c>error</c> (a code), and for a
/// contact the gate blocks <c>error=contact_blocked</c>, <c>motivos</c> (reason codes) and <c>siguiente</c> (the next
/// allowed instant, ISO 8601). The callback date is typed in the debtor's local time.
/// </summary>
internal static class ActivityFormEndpoints
{
    public static string LogPath(long debtorId) => $"/deudores/{Id(debtorId)}/gestiones";

    public static string LocatePath(long debtorId) => $"/deudores/{Id(debtorId)}/contactos";

    public static string GuidePath(CollectionStage stage) => $"/admin/guion-llamadas/{EnumCodes.ToCode(stage)}";

    public static IEndpointRouteBuilder MapActivityFormEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/deudores/{id:long}/gestiones", LogAsync).RequireAuthorization(Policies.ContactDebtors).ExcludeFromDescription();
        app.MapPost("/deudores/{id:long}/contactos", LocateAsync).RequireAuthorization(Policies.ContactDebtors).ExcludeFromDescription();
        app.MapPost("/admin/guion-llamadas/{stage}", SaveGuideAsync).RequireAuthorization(Policies.WritePortfolio).ExcludeFromDescription();
        return app;
    }

    /// <summary>The "Registrar gestión" form; every field may be absent (an unchecked box is not posted).</summary>
    public sealed class ActivityForm
    {
        public string? Kind { get; set; }

        public string? Direction { get; set; }

        public string? ContactPointId { get; set; }

        public string? Outcome { get; set; }

        public string? DefaultCause { get; set; }

        public string? Conversation { get; set; }

        public string? NextActionAt { get; set; }

        public string? Note { get; set; }

        /// <summary>With the outcome <c>promise</c>: the promised amount (es-CO <c>1.250.000,50</c> or <c>1250000.50</c>) in the debtor's currency.</summary>
        public string? PromiseAmount { get; set; }

        /// <summary>With the outcome <c>promise</c>: the promised payment date (yyyy-MM-dd).</summary>
        public string? PromiseDueOn { get; set; }
    }

    public sealed class LocateForm
    {
        public string? Channel { get; set; }

        public string? Value { get; set; }

        public string? ConsentChannel { get; set; }

        public string? ConsentMethod { get; set; }

        public string? ConsentEvidence { get; set; }
    }

    public sealed class GuideForm
    {
        public string? Script { get; set; }

        public string? Objections { get; set; }
    }

    private static async Task<Results<RedirectHttpResult, NotFound>> LogAsync(
        long id, [FromForm] ActivityForm form, ClaimsPrincipal user, CarteraDbContext db, ActivityLog log, PromiseService promises, WorkQueueService queue,
        IActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (!await ActivitiesApi.VisibleAsync(id, user, db, actor, clock, "log_activity", ct))
        {
            return TypedResults.NotFound();
        }

        var page = $"/deudores/{Id(id)}";
        try
        {
            var zone = await db.Debtors.Where(d => d.Id == id).Select(d => d.TimeZone).SingleAsync(ct);
            var input = new ActivityInput(
                EnumCodes.TryParse<ActivityKind>(form.Kind, out var kind) ? kind : throw new DomainException("required", "The kind is required.", "kind"),
                EnumCodes.TryParse<ActivityDirection>(form.Direction, out var direction) ? direction : ActivityDirection.Outbound,
                null,
                long.TryParse(form.ContactPointId, NumberStyles.None, CultureInfo.InvariantCulture, out var point) ? point : null,
                EnumCodes.TryParse<ActivityOutcome>(form.Outcome, out var outcome) ? outcome : null,
                EnumCodes.TryParse<DefaultCause>(form.DefaultCause, out var cause) ? cause : null,
                form.Conversation is "on" or "true",
                LocalInstant(form.NextActionAt, zone),
                form.Note);
            var result = await log.LogAsync(id, input, ActivitiesApi.Author(user, actor), ct);
            if (result.Refusal is { } refusal)
            {
                var next = refusal.NextAllowedAt is { } at ? "&siguiente=" + Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture)) : string.Empty;
                return TypedResults.LocalRedirect($"{page}?error=contact_blocked&motivos={Uri.EscapeDataString(refusal.ReasonCodes)}{next}#gestiones");
            }

            var promise = string.Empty;
            if (input.Outcome == ActivityOutcome.Promise && !string.IsNullOrWhiteSpace(form.PromiseAmount))
            {
                promise = await MakePromiseAsync(id, form, db, promises, ct);
            }

            await queue.RefreshDebtorAsync(id, ct);
            return TypedResults.LocalRedirect($"{page}?gestion={Id(result.Activity!.Id)}{promise}#gestiones");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{page}?error={Uri.EscapeDataString(e.Code)}#gestiones");
        }
    }

    /// <summary>
    /// The promise a call ended with (one installment, in the currency of the debtor's obligations): <c>&amp;promesa=ok</c>,
    /// or <c>&amp;promesa=&lt;code&gt;</c> when Promises refuses it — the activity stays logged either way.
    /// </summary>
    private static async Task<string> MakePromiseAsync(long debtorId, ActivityForm form, CarteraDbContext db, PromiseService promises, CancellationToken ct)
    {
        try
        {
            var amount = FormValues.Amount(form.PromiseAmount, "promise_amount") ?? throw new DomainException("required", "The promised amount is required.", "promise_amount");
            var due = FormValues.Date(form.PromiseDueOn, "promise_due_on");
            var currency = await db.Obligations.Where(o => o.DebtorId == debtorId).OrderBy(o => o.Id).Select(o => o.CurrencyCode).FirstOrDefaultAsync(ct) ?? string.Empty;
            await promises.MakeAsync(new MakePromiseCommand(debtorId, null, null, currency.Trim(), [new PromiseInstallmentInput(due, amount)]), ct);
            return "&promesa=ok";
        }
        catch (DomainException e)
        {
            return "&promesa=" + Uri.EscapeDataString(e.Code);
        }
        catch (ConflictException e)
        {
            return "&promesa=" + Uri.EscapeDataString(e.Code);
        }
    }

    private static async Task<Results<RedirectHttpResult, NotFound>> LocateAsync(
        long id, [FromForm] LocateForm form, ClaimsPrincipal user, CarteraDbContext db, ContactPointService contactPoints, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (!await ActivitiesApi.VisibleAsync(id, user, db, actor, clock, "add_contact_point", ct))
        {
            return TypedResults.NotFound();
        }

        var page = $"/deudores/{Id(id)}";
        try
        {
            var consent = EnumCodes.TryParse<ConsentChannel>(form.ConsentChannel, out var c) ? new[] { c } : [];
            await contactPoints.AddAsync(
                id,
                new NewContactPoint(
                    EnumCodes.TryParse<ContactChannel>(form.Channel, out var channel) ? channel : throw new DomainException("required", "The channel is required.", "channel"),
                    form.Value ?? string.Empty,
                    consent,
                    form.ConsentMethod,
                    form.ConsentEvidence),
                ct);
            return TypedResults.LocalRedirect($"{page}?contacto=ok#localizar");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{page}?error={Uri.EscapeDataString(e.Code)}#localizar");
        }
    }

    private static async Task<RedirectHttpResult> SaveGuideAsync(string stage, [FromForm] GuideForm form, CallGuides guides, CancellationToken ct)
    {
        const string page = "/admin/guion-llamadas";
        if (!EnumCodes.TryParse<CollectionStage>(stage, out var s))
        {
            return TypedResults.LocalRedirect(page);
        }

        try
        {
            await guides.SaveAsync(new CallGuide(s, form.Script ?? string.Empty, ParseObjections(form.Objections)), ct);
            return TypedResults.LocalRedirect($"{page}?guardado={EnumCodes.ToCode(s)}#{EnumCodes.ToCode(s)}");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{page}?error={Uri.EscapeDataString(e.Code)}#{EnumCodes.ToCode(s)}");
        }
    }

    /// <summary>One objection per line, "objeción | respuesta".</summary>
    internal static List<ObjectionAnswer> ParseObjections(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|', 2, StringSplitOptions.TrimEntries))
            .Select(parts => new ObjectionAnswer(parts[0], parts.Length > 1 ? parts[1] : string.Empty))
            .ToList();

    internal static string FormatObjections(IEnumerable<ObjectionAnswer> objections) =>
        string.Join('\n', objections.Select(o => $"{o.Objection} | {o.Answer}"));

    /// <summary>A <c>datetime-local</c> value (yyyy-MM-ddTHH:mm) read in the debtor's time zone; blank is none.</summary>
    private static DateTimeOffset? LocalInstant(string? text, string timeZone)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateTime.TryParseExact(text.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new DomainException("invalid_date", "The date and time are not valid.", "next_action_at");
        }

        return new DateTimeOffset(local, Shared.Formats.Zone(timeZone).GetUtcOffset(local));
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
