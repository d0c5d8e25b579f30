using System.Globalization;
using Cartera.Application.Collection.Assignments;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Collection.Assignments;

/// <summary>
/// The form posts of the assignment page (<c>/asignaciones</c>): assign the selected rows or every debtor matching
/// the page's filter, and end one assignment from a debtor's history. Admin and supervisor, antiforgery validated,
/// then a redirect back (post/redirect/get) with the counts or the error.
/// </summary>
internal static class AssignmentFormEndpoints
{
    public const string AssignPath = "/asignaciones/asignar";

    public static string EndPath(long assignmentId) => $"/asignaciones/{assignmentId.ToString(CultureInfo.InvariantCulture)}/terminar";

    public static IEndpointRouteBuilder MapAssignmentFormEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(AssignPath, AssignAsync).RequireAuthorization(Policies.ManageAssignments).ExcludeFromDescription();
        app.MapPost("/asignaciones/{id:long}/terminar", EndAsync).RequireAuthorization(Policies.ManageAssignments).ExcludeFromDescription();
        return app;
    }

    /// <summary>The assign form: the filter of the list (hidden), the scope (<c>selected</c> or <c>all</c>), the checked rows, the assignee (<c>role:userId</c>) and the date.</summary>
    public sealed class AssignForm
    {
        public string? Q { get; set; }

        public string? Segment { get; set; }

        public string? DpdMin { get; set; }

        public string? DpdMax { get; set; }

        public string? Bucket { get; set; }

        public string? Unassigned { get; set; }

        public string? Current { get; set; }

        public string? Scope { get; set; }

#pragma warning disable CA1819 // bound from the form's repeated "Debtor" fields
        public long[]? Debtor { get; set; }
#pragma warning restore CA1819

        public string? Assignee { get; set; }

        public string? ValidFrom { get; set; }
    }

    /// <summary>The end form: an optional reason.</summary>
    public sealed class EndForm
    {
        public string? Reason { get; set; }
    }

    private static async Task<RedirectHttpResult> AssignAsync([FromForm] AssignForm form, AssignmentService service, CancellationToken ct)
    {
        var back = AssignmentPage.ListUrl(form.Q, form.Segment, form.DpdMin, form.DpdMax, form.Bucket, form.Unassigned == "1", form.Current);
        try
        {
            var (role, userId) = ParseAssignee(form.Assignee);
            DateOnly? validFrom = string.IsNullOrWhiteSpace(form.ValidFrom) ? null : FormValues.Date(form.ValidFrom, "valid_from");
            BulkAssignmentResult result;
            if (form.Scope == "all")
            {
                var filter = AssignmentPage.Filter(form.Q, form.Segment, form.DpdMin, form.DpdMax, form.Bucket, form.Unassigned == "1", form.Current);
                result = await service.AssignMatchingAsync(filter, userId, role, validFrom, ct);
            }
            else
            {
                var ids = form.Debtor ?? [];
                if (ids.Length == 0)
                {
                    throw new DomainException("nothing_selected", "Seleccione al menos un deudor, o elija «todos los del filtro».", "debtor");
                }

                result = await service.AssignManyAsync(ids, userId, role, validFrom, ct);
            }

            return TypedResults.LocalRedirect($"{back}&asignados={result.Assigned.ToString(CultureInfo.InvariantCulture)}&sin_cambio={result.Unchanged.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{back}&error={Uri.EscapeDataString(e.Code)}&message={Uri.EscapeDataString(e.Message)}");
        }
    }

    private static async Task<RedirectHttpResult> EndAsync(long id, [FromForm] EndForm form, AssignmentService service, CancellationToken ct)
    {
        if (!await service.ExistsAsync(id, ct))
        {
            return TypedResults.LocalRedirect(AssignmentPage.Route);
        }

        var page = AssignmentHistory.Url((await service.GetAsync(id, ct)).DebtorId);
        try
        {
            await service.EndAsync(id, form.Reason, ct);
            return TypedResults.LocalRedirect($"{page}?terminada={id.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{page}?error={Uri.EscapeDataString(e.Code)}&message={Uri.EscapeDataString(e.Message)}");
        }
    }

    /// <summary>The assignee select's value: <c>role:userId</c> (a user may hold several roles).</summary>
    internal static (AssignmentRole Role, string UserId) ParseAssignee(string? value)
    {
        var parts = (value ?? string.Empty).Split(':', 2);
        if (parts.Length != 2 || parts[1].Length == 0 || !EnumCodes.TryParse<AssignmentRole>(parts[0], out var role))
        {
            throw new DomainException("required", "Elija a quién asignar (usuario y rol).", "assignee");
        }

        return (role, parts[1]);
    }

    internal static string AssigneeValue(Assignee a) => $"{EnumCodes.ToCode(a.Role)}:{a.UserId}";
}
