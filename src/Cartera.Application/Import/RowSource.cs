using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MiniExcelLibs;
using Sylvan.Data.Csv;

namespace Cartera.Application.Import;

/// <summary>
/// Data rows of a CSV or XLSX file as text cells, streamed one at a time (memory stays flat with file size).
/// <see cref="Row"/> is the row number as the user sees it: the header is row 1.
/// </summary>
internal abstract class RowSource : IDisposable
{
    public string[] Headers { get; protected set; } = [];

    public long Row { get; protected set; } = 1;

    public abstract long BytesRead { get; }

    public abstract bool Read();

    /// <summary>The cell's text, trimmed; empty when the row is shorter than the header.</summary>
    public abstract string Get(int ordinal);

    /// <summary>Whether every cell of the current row is empty (such rows are skipped).</summary>
    public bool IsBlank()
    {
        for (var i = 0; i < Headers.Length; i++)
        {
            if (Get(i).Length > 0)
            {
                return false;
            }
        }

        return true;
    }

    public abstract void Dispose();
}

/// <summary>CSV via Sylvan: UTF-8 (BOM allowed), delimiter ',' or ';' chosen from the header line.</summary>
internal sealed class CsvRowSource : RowSource
{
    private readonly FileStream _stream;
    private readonly StreamReader _text;
    private readonly CsvDataReader _csv;

    public CsvRowSource(string path, char delimiter)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        _text = new StreamReader(_stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        _csv = CsvDataReader.Create(_text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = delimiter, BufferSize = 1 << 17 });
        Headers = Enumerable.Range(0, _csv.FieldCount).Select(i => _csv.GetName(i).Trim()).ToArray();
    }

    public override long BytesRead => _stream.Position;

    public override bool Read()
    {
        if (!_csv.Read())
        {
            return false;
        }

        Row++;
        return true;
    }

    public override string Get(int ordinal) => ordinal < _csv.RowFieldCount ? _csv.GetString(ordinal).Trim() : string.Empty;

    public override void Dispose()
    {
        _csv.Dispose();
        _text.Dispose();
        _stream.Dispose();
    }
}

/// <summary>The first sheet of an XLSX workbook via MiniExcel's streaming reader; typed cells are turned into the CSV's text forms.</summary>
internal sealed class XlsxRowSource : RowSource
{
    private readonly FileStream _stream;
    private readonly IEnumerator<IDictionary<string, object?>> _rows;
    private readonly string[] _keys = [];
    private IDictionary<string, object?>? _current;

    public XlsxRowSource(string path)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        _rows = MiniExcel.Query(_stream, useHeaderRow: false, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .GetEnumerator();
        if (_rows.MoveNext())
        {
            var header = _rows.Current;
            _keys = header.Keys.ToArray();
            _current = header;
            var headers = Enumerable.Range(0, _keys.Length).Select(Get).ToList();
            while (headers.Count > 0 && headers[^1].Length == 0)
            {
                headers.RemoveAt(headers.Count - 1);
            }

            Headers = headers.ToArray();
        }
    }

    public override long BytesRead => _stream.Position;

    public override bool Read()
    {
        if (!_rows.MoveNext())
        {
            return false;
        }

        _current = _rows.Current;
        Row++;
        return true;
    }

    public override string Get(int ordinal)
    {
        if (_current is null || ordinal >= _keys.Length || !_current.TryGetValue(_keys[ordinal], out var value))
        {
            return string.Empty;
        }

        return value switch
        {
            null => string.Empty,
            string s => s.Trim(),
            DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            double d => ((decimal)d).ToString(CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString()?.Trim() ?? string.Empty,
        };
    }

    public override void Dispose()
    {
        _rows.Dispose();
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
