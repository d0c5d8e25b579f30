using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Cartera.Web.Shared;

/// <summary>
/// The base of Cartera's Razor components (set in <c>_Imports.razor</c>): the request's <see cref="HttpContext"/>, which
/// static server rendering cascades to every component, and <see cref="Aborted"/>, the request's cancellation token,
/// which pages pass to every database and use-case call so that work stops when the client goes away.
/// </summary>
public abstract class CarteraComponent : ComponentBase
{
    [CascadingParameter]
    protected HttpContext HttpContext { get; set; } = default!;

    /// <summary>Cancelled when the client aborts the request (<see cref="HttpContext.RequestAborted"/>).</summary>
    protected CancellationToken Aborted => HttpContext.RequestAborted;
}
