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

    /// <summary>
    /// True once <see cref="LoadPageAsync"/> has finished. Static rendering renders a component once at the first await of
    /// its initialization, before its data is read: a page renders its content (and the sections in it, which read the
    /// same request DbContext in their own initialization) only when <c>Loaded</c>, so nothing is shown half read and
    /// no section queries the DbContext while the page still does.
    /// </summary>
    protected bool Loaded { get; private set; }

    /// <summary>Reads the component's data; <see cref="Loaded"/> is set when it ends (also when it returns early).</summary>
    protected virtual Task LoadPageAsync() => Task.CompletedTask;

    /// <summary>Awaits <see cref="LoadPageAsync"/>, then sets <see cref="Loaded"/>. Override <see cref="LoadPageAsync"/> instead.</summary>
    protected override async Task OnInitializedAsync()
    {
        await LoadPageAsync();
        Loaded = true;
    }
}
