using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

// These are EF Core query expressions translated to SQL: the culture and StringComparison overloads the analyzers ask
// for do not translate. Names are compared folded (lower-case, no diacritics: TextSearch) on both databases; codes
// (external ids, obligation numbers) are ASCII and compared lower-cased.
#pragma warning disable CA1304, CA1307, CA1309, CA1310, CA1311, CA1862

namespace Cartera.Web.Portfolio;

/// <summary>Filters of the portfolio search, shared by <c>GET /api/v1/debtors</c> and the search page.</summary>
internal static class PortfolioSearch
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    /// <summary>
    /// <paramref name="q"/> matches a name (contains, ignoring case and accents: <c>perez</c> finds <c>Pérez</c>), an ID
    /// number or external id (prefix, external id ignoring case), or the external id of one of the debtor's obligations
    /// (whole, ignoring case).
    /// </summary>
    public static IQueryable<Debtor> Debtors(CarteraDbContext db, IQueryable<Debtor> visible, string? q, string? country, string? segment)
    {
        var query = visible;
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            var lower = text.ToLowerInvariant();
            var folded = TextSearch.Fold(text)!;
            var idNumber = text.Replace(".", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
            var dash = idNumber.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                idNumber = idNumber[..dash];
            }

            query = query.Where(d =>
                TextSearch.Folded(d.FullName).Contains(folded)
                || d.IdNumber.StartsWith(idNumber)
                || d.ExternalId.ToLower().StartsWith(lower)
                || db.Obligations.Any(o => o.DebtorId == d.Id && o.ExternalId.ToLower() == lower));
        }

        if (!string.IsNullOrWhiteSpace(country))
        {
            var code = country.Trim().ToUpperInvariant();
            query = query.Where(d => d.Country == code);
        }

        if (!string.IsNullOrWhiteSpace(segment))
        {
            var value = segment.Trim();
            query = query.Where(d => d.Segment == value);
        }

        return query;
    }

    public static IQueryable<Obligation> Obligations(IQueryable<Obligation> visible, long? debtorId, string? status, string? product, string? q)
    {
        var query = visible;
        if (debtorId is { } id)
        {
            query = query.Where(o => o.DebtorId == id);
        }

        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!EnumCodes.TryParse<ObligationStatus>(status, out var parsed))
            {
                throw new DomainException("invalid_code", $"status must be one of: {string.Join(", ", EnumCodes.Codes<ObligationStatus>())}.", "status");
            }

            query = query.Where(o => o.Status == parsed);
        }

        if (!string.IsNullOrWhiteSpace(product))
        {
            var value = product.Trim();
            query = query.Where(o => o.Product == value);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var lower = q.Trim().ToLowerInvariant();
            query = query.Where(o => o.ExternalId.ToLower().StartsWith(lower));
        }

        return query;
    }

    /// <summary>Validates paging input: page ≥ 1, 1 ≤ pageSize ≤ 200.</summary>
    public static (int Page, int PageSize) Paging(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (p < 1)
        {
            throw new DomainException("invalid_value", "page starts at 1.", "page");
        }

        if (size is < 1 or > MaxPageSize)
        {
            throw new DomainException("invalid_value", $"pageSize is between 1 and {MaxPageSize}.", "pageSize");
        }

        return (p, size);
    }
}
