using System.Security.Cryptography;
using System.Text;

namespace Cartera.Application.Import;

/// <summary>
/// Data rows of a CSV or XLSX file as text cells, streamed one at a time (memory stays flat with file size).
/// <see cref="Row"/> is the row number as the user sees it: the header is row 1; in a CSV it is the physical line where
/// the record starts (a quoted cell may span lines), in an XLSX the sheet's row number.
/// Cells and rows are bounded (<see cref="ImportLimits"/>): an over-long cell is reported on its row and column
/// (<see cref="OverLong"/>) and never held in memory beyond the limit.
/// </summary>
internal abstract class RowSource : IDisposable
{
    public string[] Headers { get; protected set; } = [];

    public long Row { get; protected set; } = 1;

    public abstract long BytesRead { get; }

    /// <summary>Whether the current row is longer than <see cref="ImportLimits.MaxRowChars"/> (its cells are then not usable).</summary>
    public bool RowTooLong { get; protected set; }

    /// <summary>The next data row; false at the end. Throws <see cref="ImportFileException"/> when the file cannot be read past it.</summary>
    public abstract bool Read();

    /// <summary>The cell's text, trimmed; empty when the row is shorter than the header or the cell is over-long.</summary>
    public abstract string Get(int ordinal);

    /// <summary>Whether the cell was longer than <see cref="ImportLimits.MaxCellChars"/> (it reads as empty).</summary>
    public abstract bool OverLong(int ordinal);

    /// <summary>Whether every cell of the current row is empty (such rows are skipped).</summary>
    public bool IsBlank()
    {
        if (RowTooLong)
        {
            return false;
        }

        for (var i = 0; i < Headers.Length; i++)
        {
            if (Get(i).Length > 0 || OverLong(i))
            {
                return false;
            }
        }

        return true;
    }

    public abstract void Dispose();
}

/// <summary>Bounds on what one import holds in memory, whatever the size of the file. Documented in docs/user/import-formats.md.</summary>
internal static class ImportLimits
{
    /// <summary>Characters in one cell.</summary>
    public const int MaxCellChars = 10_000;

    /// <summary>Characters in one row (all its cells and delimiters).</summary>
    public const int MaxRowChars = 100_000;

    /// <summary>Columns in the header.</summary>
    public const int MaxColumns = 1_000;

    /// <summary>Uncompressed size of an XLSX's shared-strings part (read into memory), of its workbook, relationships and styles parts.</summary>
    public const long MaxXlsxSharedStringsBytes = 64L << 20;

    public const long MaxXlsxSmallPartBytes = 16L << 20;

    /// <summary>Bytes of XML between two markup characters ('&lt;' or '&gt;'): bounds any one text, name or attribute the XML reader buffers.</summary>
    public const int MaxXmlTokenBytes = 1 << 20;
}

/// <summary>A file that cannot be read past a row: the error to report (row, 0-based column ordinal or -1, code, Spanish message).</summary>
internal sealed class ImportFileException(long row, int ordinal, string code, string message) : Exception(message)
{
    public long Row { get; } = row;

    public int Ordinal { get; } = ordinal;

    public string Code { get; } = code;
}

/// <summary>
/// CSV per RFC 4180: UTF-8 (BOM allowed), delimiter ',' or ';' chosen from the header line, '"' quotes with '""' inside,
/// line ends LF, CRLF or CR. A hand-written reader rather than a library, so that every record knows the physical line
/// it starts on, a cell or row over the limits is skipped without being buffered, and an unclosed quote is reported on
/// the line where it opens.
/// </summary>
internal sealed class CsvRowSource : RowSource
{
    private readonly FileStream _stream;
    private readonly StreamReader _text;
    private readonly char _delimiter;
    private readonly char[] _buffer = new char[1 << 16];
    private readonly List<string> _fields = [];
    private readonly List<int> _overLong = [];
    private readonly StringBuilder _cell = new();
    private int _pos;
    private int _len;
    private bool _eof;
    private long _line = 1;

    public CsvRowSource(string path, char delimiter)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        _text = new StreamReader(_stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        _delimiter = delimiter;
        if (ReadRecord())
        {
            if (RowTooLong || _fields.Count > ImportLimits.MaxColumns)
            {
                throw new ImportFileException(1, -1, "row_too_long", $"La fila de encabezados tiene más de {ImportLimits.MaxColumns:N0} columnas o {ImportLimits.MaxRowChars:N0} caracteres.");
            }

            Headers = _fields.Select(f => f.Trim()).ToArray();
        }
    }

    public override long BytesRead => _stream.Position;

    public override bool Read() => ReadRecord();

    public override string Get(int ordinal) => ordinal < _fields.Count ? _fields[ordinal].Trim() : string.Empty;

    public override bool OverLong(int ordinal) => _overLong.Contains(ordinal);

    private int Peek()
    {
        if (_pos < _len)
        {
            return _buffer[_pos];
        }

        if (_eof)
        {
            return -1;
        }

        _len = _text.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        if (_len == 0)
        {
            _eof = true;
            return -1;
        }

        return _buffer[0];
    }

    /// <summary>The next character, counting physical lines (LF, CRLF and a lone CR each end one).</summary>
    private int Next()
    {
        var c = Peek();
        if (c < 0)
        {
            return c;
        }

        _pos++;
        if (c == '\n' || (c == '\r' && Peek() != '\n'))
        {
            _line++;
        }

        return c;
    }

    private bool ReadRecord()
    {
        if (Peek() < 0)
        {
            return false;
        }

        Row = _line;
        _fields.Clear();
        _overLong.Clear();
        RowTooLong = false;
        var rowChars = 0;
        while (true)
        {
            _cell.Clear();
            var cellOver = false;
            if (Peek() == '"')
            {
                Next();
                while (true)
                {
                    var c = Next();
                    if (c < 0)
                    {
                        throw new ImportFileException(Row, _fields.Count, "unclosed_quote",
                            $"La comilla (\") que abre la celda de la columna {_fields.Count + 1} en la fila {Row} no se cierra antes del final del archivo.");
                    }

                    if (c == '"')
                    {
                        if (Peek() != '"')
                        {
                            break;
                        }

                        Next();
                    }

                    Append((char)c, ref rowChars, ref cellOver);
                }
            }

            // Unquoted text, or what follows a closing quote up to the delimiter (kept as written).
            while (Peek() is var p && p >= 0 && p != _delimiter && p != '\r' && p != '\n')
            {
                Append((char)Next(), ref rowChars, ref cellOver);
            }

            if (cellOver)
            {
                _overLong.Add(_fields.Count);
            }

            if (!RowTooLong)
            {
                _fields.Add(cellOver ? string.Empty : _cell.ToString());
            }

            var end = Next();
            if (end == _delimiter)
            {
                rowChars++;
                continue;
            }

            if (end == '\r' && Peek() == '\n')
            {
                Next();
            }

            return true;
        }
    }

    private void Append(char c, ref int rowChars, ref bool cellOver)
    {
        if (++rowChars > ImportLimits.MaxRowChars)
        {
            RowTooLong = true;
        }

        if (RowTooLong || cellOver)
        {
            return;
        }

        if (_cell.Length >= ImportLimits.MaxCellChars)
        {
            cellOver = true;
            _cell.Clear();
            return;
        }

        _cell.Append(c);
    }

    public override void Dispose()
    {
        _text.Dispose();
        _stream.Dispose();
    }
}

/// <summary>
/// One pass over the raw bytes before parsing: the SHA-256 recorded in the import run, UTF-8 validity (a CSV with
/// invalid bytes is rejected with the line where they are) and the CSV delimiter (',' or ';', from the header line).
/// </summary>
internal sealed record FileScan(string Sha256, long Length, char Delimiter, long? InvalidUtf8Line)
{
    public static async Task<FileScan> RunAsync(string path, bool checkUtf8, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        var buffer = new byte[1 << 16];
        var chars = new char[buffer.Length + 4];
        long line = 1;
        long? invalidLine = null;
        int commas = 0, semicolons = 0;
        var headerDone = false;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            sha.AppendData(span);
            if (!headerDone)
            {
                foreach (var b in span)
                {
                    if (b == (byte)'\n')
                    {
                        headerDone = true;
                        break;
                    }

                    commas += b == (byte)',' ? 1 : 0;
                    semicolons += b == (byte)';' ? 1 : 0;
                }
            }

            if (checkUtf8 && invalidLine is null)
            {
                try
                {
                    decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                }
                catch (DecoderFallbackException e)
                {
                    var at = Math.Clamp(e.Index < 0 ? 0 : e.Index, 0, read);
                    invalidLine = line + span[..at].Count((byte)'\n');
                }
            }

            line += span.Count((byte)'\n');
        }

        return new FileScan(Convert.ToHexStringLower(sha.GetHashAndReset()), stream.Length, semicolons > commas ? ';' : ',', invalidLine);
    }
}
