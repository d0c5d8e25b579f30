namespace Cartera.Application.Import;

/// <summary>What a file holds. The columns of each kind are in DESIGN §6 and docs/user/import-formats.md.</summary>
public enum ImportKind
{
    Debtors,
    Obligations,
    Installments,
    Collateral,
    Insurance,
    Payments,

    /// <summary>Credit bureau reports of applicants (credit evaluation of new clients).</summary>
    Bureau,
}

/// <summary>One problem with one cell or row. Row numbers count the header as row 1, so the first data row is row 2.</summary>
public sealed record ImportError(string File, long Row, string Column, string Code, string Message);

public sealed record ImportOptions
{
    /// <summary>Write the error report CSV next to the input file (<c>name.errors.csv</c>). On by default.</summary>
    public bool WriteErrorReport { get; init; } = true;

    /// <summary>Rows per batch for the bulk path.</summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>
    /// Data rows a file may hold (default 2,000,000, the size measured under the budget): what grows with the file (the digests of the ids seen, to report
    /// duplicates) then stays inside the import's memory budget. A larger file is refused (<c>too_many_rows</c>): split it.
    /// </summary>
    public long MaxRows { get; init; } = 2_000_000;
}

/// <summary>Progress while importing: rows read so far and the file's size/position for a progress bar.</summary>
public sealed record ImportProgress(long RowsRead, long BytesRead, long TotalBytes);

/// <summary>
/// The outcome of an import. <see cref="Succeeded"/> is false when any row had an error; then nothing was imported
/// and <see cref="Errors"/> lists every error found in the file (all of them, not only the first).
/// </summary>
public sealed record ImportResult(
    ImportKind Kind,
    string File,
    string Sha256,
    long Rows,
    long Inserted,
    long Updated,
    long Unchanged,
    long Rejected,
    IReadOnlyList<ImportError> Errors,
    string? ErrorReportPath,
    TimeSpan Elapsed)
{
    public bool Succeeded => Errors.Count == 0;
}
