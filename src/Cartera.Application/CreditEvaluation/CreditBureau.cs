using Cartera.Application.Data;
using Cartera.Domain.CreditEvaluation;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CreditEvaluation;

/// <summary>A bureau report found for a document: its id in <c>bureau_reports</c> (null for a live bureau) and its figures.</summary>
public sealed record BureauLookup(long? ReportId, BureauData Data);

/// <summary>
/// The credit bureau as the evaluation sees it: the latest report of a document. The shipped implementation
/// (<see cref="ImportedBureauReports"/>) reads the imported reports; a real bureau's client replaces it (register another
/// implementation before <c>AddCarteraApplication</c>).
/// </summary>
public interface ICreditBureau
{
    Task<BureauLookup?> LatestAsync(IdType documentType, string documentNumber, DateOnly asOf, CancellationToken ct = default);
}

/// <summary>The latest imported report (<c>bureau_reports</c>) of the document dated on or before the evaluation date.</summary>
public sealed class ImportedBureauReports(CarteraDbContext db) : ICreditBureau
{
    public async Task<BureauLookup?> LatestAsync(IdType documentType, string documentNumber, DateOnly asOf, CancellationToken ct = default)
    {
        var report = await db.BureauReports.AsNoTracking()
            .Where(r => r.DocumentType == documentType && r.DocumentNumber == documentNumber && r.ReportDate <= asOf)
            .OrderByDescending(r => r.ReportDate).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);
        return report is null ? null : new BureauLookup(report.Id, report.ToData());
    }
}
