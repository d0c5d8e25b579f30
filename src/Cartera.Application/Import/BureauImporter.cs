using Cartera.Application.CreditEvaluation;
using Cartera.Domain.Common;
using Cartera.Domain.CreditEvaluation;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using static Cartera.Application.Import.BureauColumns;

namespace Cartera.Application.Import;

/// <summary>
/// bureau: credit bureau reports of applicants (<c>bureau_reports</c>), keyed by document + report date + source. A new
/// key is inserted, an existing one with other figures updated, the same figures left unchanged — all through EF, so
/// every row is audited (bureau files are small). The figures are checked with the domain's
/// <see cref="BureauData.Problems"/> (a report cannot be dated after the lender's today); the same key twice in the file
/// is an error. All or nothing, like every import.
/// </summary>
internal sealed class BureauImporter(ImportContext context) : KindImporter(context)
{
    private readonly Dictionary<(IdType, string, DateOnly, string), long> _seen = [];
    private readonly List<(long Number, BureauReport Report)> _pending = [];

    public override IReadOnlyList<string> IdTables => [];

    public override int Pending => _pending.Count;

    public override void ReadRow(CellParser cells)
    {
        var type = cells.Code<IdType>(IdTypeCol, true);
        var number = cells.Required(IdNumber);
        IdentityDocument? document = null;
        if (type is { } t && number is not null)
        {
            try
            {
                document = IdentityDocument.Parse(t, number);
            }
            catch (DomainException e)
            {
                cells.Error(e, IdNumber);
            }
        }

        var date = cells.Date(ReportDate, true);
        var score = cells.Int(Score, false);
        var open = cells.Int(OpenAccounts, true);
        var delinquent = cells.Int(DelinquentAccounts, true);
        var worst = cells.Int(WorstDays, true);
        var inquiries = cells.Int(Inquiries, true);
        var source = cells.Text(SourceCol) ?? "import";
        if (source.Length > 100)
        {
            cells.Error(SourceCol, "invalid_value", "source has at most 100 characters.");
        }

        // Every rule error of the row, even when other cells did not parse: a cell that did not parse takes a stand-in
        // that passes its rules (so only the rules of the cells that parsed can fail). Stand-ins never reach the database.
        var data = new BureauData
        {
            Score = score,
            OpenAccounts = open ?? int.MaxValue,
            DelinquentAccounts = delinquent ?? 0,
            WorstDelinquencyDays24m = worst ?? 0,
            Inquiries6m = inquiries ?? 0,
            ReportDate = date ?? Context.LenderToday,
        };
        foreach (var problem in data.Problems(Context.LenderToday))
        {
            cells.Error(Context.ColumnOf(problem.Field == "score" ? "bureau_score" : problem.Field, ReportDate), problem.Code, problem.Message);
        }

        if (document is null || date is null)
        {
            return;
        }

        var key = (document.Type, document.ToString(), data.ReportDate, source);
        if (_seen.TryGetValue(key, out var first))
        {
            cells.Error(IdNumber, "duplicate_id", $"The same document, report date and source appear more than once in the file (first on row {first}).");
        }
        else
        {
            _seen[key] = cells.Row;
        }

        if (!cells.RowFailed)
        {
            _pending.Add((cells.Row, new BureauReport
            {
                DocumentType = document.Type,
                DocumentNumber = document.ToString(),
                ReportDate = data.ReportDate,
                Score = data.Score,
                OpenAccounts = data.OpenAccounts,
                DelinquentAccounts = data.DelinquentAccounts,
                WorstDelinquencyDays24m = data.WorstDelinquencyDays24m,
                Inquiries6m = data.Inquiries6m,
                Source = source,
                ImportedAt = Context.Now,
            }));
        }
    }

    public override async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        if (Context.Failed)
        {
            _pending.Clear(); // nothing more is written; the rest of the file is still validated
            return;
        }

        var db = Context.Db;
        var numbers = _pending.Select(p => p.Report.DocumentNumber).Distinct().ToList();
        var existing = (await db.BureauReports.Where(r => numbers.Contains(r.DocumentNumber)).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.DocumentType, r.DocumentNumber, r.ReportDate, r.Source));
        foreach (var (_, report) in _pending)
        {
            if (!existing.TryGetValue((report.DocumentType, report.DocumentNumber, report.ReportDate, report.Source), out var stored))
            {
                db.BureauReports.Add(report);
                Context.Inserted++;
            }
            else if (stored.Score != report.Score || stored.OpenAccounts != report.OpenAccounts || stored.DelinquentAccounts != report.DelinquentAccounts
                || stored.WorstDelinquencyDays24m != report.WorstDelinquencyDays24m || stored.Inquiries6m != report.Inquiries6m)
            {
                (stored.Score, stored.OpenAccounts, stored.DelinquentAccounts, stored.WorstDelinquencyDays24m, stored.Inquiries6m, stored.ImportedAt) =
                    (report.Score, report.OpenAccounts, report.DelinquentAccounts, report.WorstDelinquencyDays24m, report.Inquiries6m, report.ImportedAt);
                Context.Updated++;
            }
            else
            {
                Context.Unchanged++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        _pending.Clear();
    }
}
