namespace Cartera.Application.Import;

/// <summary>
/// The row errors of a file whose rows stand alone (assignments, bureau notices): every rejected row is counted once,
/// however many of its cells are wrong; the first <c>maxErrors</c> errors are kept for the report.
/// </summary>
public sealed class RowErrors(string file, int maxErrors)
{
    private readonly HashSet<long> _rows = [];
    private readonly List<ImportError> _errors = [];

    /// <summary>Rows rejected (each counted once).</summary>
    public long Rejected { get; private set; }

    public IReadOnlyList<ImportError> Errors => _errors;

    public void Reject(long row, string column, string code, string message)
    {
        if (_rows.Add(row))
        {
            Rejected++;
        }

        if (_errors.Count < maxErrors)
        {
            _errors.Add(new ImportError(file, row, column, code, message));
        }
    }
}
