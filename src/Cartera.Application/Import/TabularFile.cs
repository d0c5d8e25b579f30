namespace Cartera.Application.Import;

/// <summary>A problem that stops reading a file at a row: its row number (the header is row 1), a code and a Spanish message.</summary>
public sealed record TabularFileProblem(long Row, string Code, string Message);

/// <summary>
/// Import's public reader for other features' files (assignments): the rows of a CSV (UTF-8, ',' or ';') or an XLSX
/// file as trimmed text cells, streamed one at a time with the same readers, limits and row numbers as the portfolio
/// import (<see cref="CsvRowSource"/>, <see cref="XlsxRowSource"/>). Memory stays flat with the file's size.
/// </summary>
public sealed class TabularFile : IDisposable
{
    private readonly RowSource _source;

    private TabularFile(RowSource source) => _source = source;

    /// <summary>The header cells, trimmed.</summary>
    public IReadOnlyList<string> Headers => _source.Headers;

    /// <summary>The current row's number as the user sees it (header = 1).</summary>
    public long Row => _source.Row;

    /// <summary>
    /// Opens <paramref name="path"/> (XLSX by its extension, CSV otherwise). Returns the reader, or null and the
    /// problem when the file is empty, not UTF-8, unreadable or has no header.
    /// </summary>
    public static async Task<(TabularFile? File, TabularFileProblem? Problem)> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var xlsx = path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
        var scan = await FileScan.RunAsync(path, checkUtf8: !xlsx, cancellationToken);
        if (scan.Length == 0)
        {
            return (null, new TabularFileProblem(1, "empty_file", "El archivo está vacío: necesita una fila de encabezados y al menos una fila de datos."));
        }

        if (scan.InvalidUtf8Line is { } line)
        {
            return (null, new TabularFileProblem(line, "encoding", $"La línea {line} no es UTF-8 válido. Guarde el archivo como CSV UTF-8."));
        }

        RowSource source;
        try
        {
            source = xlsx ? new XlsxRowSource(path) : new CsvRowSource(path, scan.Delimiter);
        }
        catch (ImportFileException e)
        {
            return (null, new TabularFileProblem(e.Row, e.Code, e.Message));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Xml.XmlException)
        {
            return (null, new TabularFileProblem(1, xlsx ? "invalid_xlsx" : "invalid_csv", xlsx
                ? "El archivo no es un libro XLSX legible (Excel 2007 o posterior)."
                : "El archivo no se puede leer como CSV."));
        }

        if (source.Headers.Length == 0 || source.Headers.All(h => h.Length == 0))
        {
            source.Dispose();
            return (null, new TabularFileProblem(1, "empty_file", "El archivo no tiene fila de encabezados."));
        }

        return (new TabularFile(source), null);
    }

    /// <summary>
    /// The next non-blank data row; false at the end. A row the reader cannot get past ends the file with a problem
    /// (<paramref name="problem"/>); an over-long cell reads as empty and is reported by <see cref="CellTooLong"/>.
    /// </summary>
    public bool Read(out TabularFileProblem? problem)
    {
        problem = null;
        try
        {
            while (_source.Read())
            {
                if (!_source.IsBlank())
                {
                    return true;
                }
            }
        }
        catch (ImportFileException e)
        {
            problem = new TabularFileProblem(e.Row, e.Code, e.Message);
        }

        return false;
    }

    /// <summary>The cell's trimmed text; empty when missing.</summary>
    public string Get(int ordinal) => ordinal < 0 ? string.Empty : _source.Get(ordinal);

    /// <summary>Whether the cell (or the whole row) was over the size limits and reads as empty.</summary>
    public bool CellTooLong(int ordinal) => _source.RowTooLong || (ordinal >= 0 && _source.OverLong(ordinal));

    /// <summary>The ordinal of the header named <paramref name="column"/> (case-insensitive, a byte-order mark ignored); -1 when absent.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Headers.Count; i++)
        {
            if (string.Equals(Headers[i].TrimStart('\uFEFF'), column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public void Dispose() => _source.Dispose();
}
