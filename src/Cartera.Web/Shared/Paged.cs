namespace Cartera.Web.Shared;

/// <summary>A page of results: items, the page asked for and the total number of matches.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
