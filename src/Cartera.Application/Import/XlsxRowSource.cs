using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Cartera.Application.Import;

/// <summary>
/// The first sheet of an XLSX workbook, read with a streaming <see cref="XmlReader"/> over the zip entry, with bounds
/// that hold whatever the file claims: the parts read whole (workbook, relationships, styles, shared strings) have a
/// maximum uncompressed size checked against the zip directory before anything is inflated; every part is read
/// through <see cref="BoundedXmlStream"/>, which fails as soon as the part inflates past its declared size or any one
/// token (text, name, attribute) passes <see cref="ImportLimits.MaxXmlTokenBytes"/>; a cell over
/// <see cref="ImportLimits.MaxCellChars"/> stops the reading at that cell, named. So a zip bomb (a small file whose one
/// cell inflates to gigabytes) fails at once with little memory. Typed cells become the CSV's text forms: date-formatted
/// numbers yyyy-MM-dd, numbers invariant, booleans true/false.
/// </summary>
internal sealed class XlsxRowSource : RowSource
{
    private readonly FileStream _stream;
    private readonly ZipArchive _zip;
    private readonly string _file;
    private readonly string _sheetPart;
    private readonly List<string> _shared = [];
    private readonly HashSet<int> _sharedOverLong = [];
    private readonly HashSet<int> _dateStyles = [];
    private readonly Stream _sheetStream;
    private readonly XmlReader _xml;
    private readonly Dictionary<int, string> _cells = [];
    private readonly HashSet<int> _overLong = [];
    private readonly StringBuilder _text = new();
    private long _lastRow;

    public XlsxRowSource(string path)
    {
        _file = Path.GetFileName(path);
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            _zip = new ZipArchive(_stream, ZipArchiveMode.Read, leaveOpen: true);
            var workbookPart = "xl/workbook.xml";
            if (Entry("_rels/.rels", required: false) is { } rootRels)
            {
                workbookPart = Relationships(rootRels, string.Empty).FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target ?? workbookPart;
            }

            var folder = workbookPart.Contains('/', StringComparison.Ordinal) ? workbookPart[..(workbookPart.LastIndexOf('/') + 1)] : string.Empty;
            var rels = Relationships(Entry($"{folder}_rels/{workbookPart[folder.Length..]}.rels", required: true)!, folder);
            var sheetId = FirstSheetRelationship(Entry(workbookPart, required: true)!);
            _sheetPart = rels.FirstOrDefault(r => r.Id == sheetId).Target
                ?? throw new ImportFileException(1, -1, "invalid_xlsx", $"{_file}: el libro no dice dónde está su primera hoja.");
            if (rels.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target is { } sharedPart)
            {
                ReadSharedStrings(sharedPart);
            }

            if (rels.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target is { } stylesPart)
            {
                ReadDateStyles(stylesPart);
            }

            var sheet = _zip.GetEntry(_sheetPart) ?? throw new ImportFileException(1, -1, "invalid_xlsx", $"{_file}: falta la hoja {_sheetPart}.");
            _sheetStream = new BoundedXmlStream(sheet.Open(), sheet.Length, _file, _sheetPart);
            _xml = XmlReader.Create(_sheetStream, Settings);
            if (ReadRow())
            {
                var width = _cells.Count == 0 ? 0 : _cells.Keys.Max() + 1;
                var headers = Enumerable.Range(0, width).Select(Get).ToList();
                while (headers.Count > 0 && headers[^1].Length == 0)
                {
                    headers.RemoveAt(headers.Count - 1);
                }

                Headers = headers.ToArray();
            }
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    private static XmlReaderSettings Settings => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CloseInput = true,
    };

    public override long BytesRead => _stream.Position;

    public override bool Read() => ReadRow();

    public override string Get(int ordinal) => _cells.TryGetValue(ordinal, out var value) ? value : string.Empty;

    public override bool OverLong(int ordinal) => _overLong.Contains(ordinal);

    public override void Dispose()
    {
        _xml?.Dispose();
        _sheetStream?.Dispose();
        _zip?.Dispose();
        _stream.Dispose();
    }

    /// <summary>The zip entry of a part read whole, after checking its declared size; null when absent and not required.</summary>
    private ZipArchiveEntry? Entry(string part, bool required, long max = ImportLimits.MaxXlsxSmallPartBytes)
    {
        var entry = _zip.GetEntry(part);
        if (entry is null)
        {
            return required ? throw new ImportFileException(1, -1, "invalid_xlsx", $"{_file}: falta la parte {part}; no es un libro XLSX.") : null;
        }

        if (entry.Length > max)
        {
            throw new ImportFileException(1, -1, "xlsx_too_large",
                $"{_file}: la parte {part} se expande a {entry.Length:N0} bytes; el límite es {max:N0}. Guarde el archivo como CSV UTF-8.");
        }

        return entry;
    }

    private XmlReader Open(ZipArchiveEntry entry) =>
        XmlReader.Create(new BoundedXmlStream(entry.Open(), entry.Length, _file, entry.FullName), Settings);

    private List<(string Id, string Type, string Target)> Relationships(ZipArchiveEntry entry, string folder)
    {
        var list = new List<(string, string, string)>();
        using var xml = Open(entry);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship")
            {
                var target = xml.GetAttribute("Target") ?? string.Empty;
                target = target.StartsWith('/') ? target[1..] : Normalize(folder + target);
                list.Add((xml.GetAttribute("Id") ?? string.Empty, xml.GetAttribute("Type") ?? string.Empty, target));
            }
        }

        return list;
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var p in path.Split('/'))
        {
            if (p == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (p.Length > 0 && p != ".")
            {
                parts.Add(p);
            }
        }

        return string.Join('/', parts);
    }

    private string FirstSheetRelationship(ZipArchiveEntry workbook)
    {
        using var xml = Open(workbook);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet")
            {
                for (var i = 0; i < xml.AttributeCount; i++)
                {
                    xml.MoveToAttribute(i);
                    if (xml.LocalName == "id")
                    {
                        return xml.Value;
                    }
                }
            }
        }

        throw new ImportFileException(1, -1, "invalid_xlsx", $"{_file}: el libro no tiene hojas.");
    }

    /// <summary>Shared strings, in memory (their part's size is bounded); one over the cell limit is kept as empty and flagged.</summary>
    private void ReadSharedStrings(string part)
    {
        if (Entry(part, required: false, ImportLimits.MaxXlsxSharedStringsBytes) is not { } entry)
        {
            return;
        }

        using var xml = Open(entry);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                var over = !ReadStringItem(xml);
                if (over)
                {
                    _sharedOverLong.Add(_shared.Count);
                }

                _shared.Add(over ? string.Empty : Unescape(_text.ToString()));
            }
        }
    }

    /// <summary>
    /// The text of an &lt;si&gt; or &lt;is&gt; element into <see cref="_text"/>: its &lt;t&gt; runs, phonetic runs left out.
    /// False when it is longer than the cell limit (then <see cref="_text"/> is empty).
    /// </summary>
    private bool ReadStringItem(XmlReader xml)
    {
        _text.Clear();
        if (xml.IsEmptyElement)
        {
            return true;
        }

        var depth = xml.Depth;
        var phonetic = -1;
        var over = false;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh" && !xml.IsEmptyElement)
            {
                phonetic = xml.Depth;
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == phonetic)
            {
                phonetic = -1;
            }
            else if (phonetic < 0 && xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                over |= !AppendBounded(xml.Value);
            }
        }

        if (over)
        {
            _text.Clear();
        }

        return !over;
    }

    private bool AppendBounded(string value)
    {
        if (_text.Length + value.Length > ImportLimits.MaxCellChars)
        {
            return false;
        }

        _text.Append(value);
        return true;
    }

    /// <summary>Style indices (cellXfs) whose number format is a date, so their numbers are read as dates.</summary>
    private void ReadDateStyles(string part)
    {
        if (Entry(part, required: false) is not { } entry)
        {
            return;
        }

        var customDates = new HashSet<int>();
        using var xml = Open(entry);
        var inCellXfs = false;
        var index = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "numFmt"
                && int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && IsDateFormat(xml.GetAttribute("formatCode") ?? string.Empty))
            {
                customDates.Add(id);
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "cellXfs")
            {
                inCellXfs = !xml.IsEmptyElement;
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }
            else if (inCellXfs && xml.NodeType == XmlNodeType.Element && xml.LocalName == "xf")
            {
                if (int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var format)
                    && (format is (>= 14 and <= 17) or 22 or (>= 27 and <= 36) or (>= 50 and <= 58) || customDates.Contains(format)))
                {
                    _dateStyles.Add(index);
                }

                index++;
            }
        }
    }

    /// <summary>A custom number format shows a date when, outside quoted text and [..] sections, it has a day or year part.</summary>
    private static bool IsDateFormat(string code)
    {
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '[')
            {
                bracket = true;
            }
            else if (c == ']')
            {
                bracket = false;
            }
            else if (!quoted && !bracket && c == '\\')
            {
                i++;
            }
            else if (!quoted && !bracket && char.ToLowerInvariant(c) is 'd' or 'y')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Moves to the next &lt;row&gt; of the sheet and reads its cells.</summary>
    private bool ReadRow()
    {
        _cells.Clear();
        _overLong.Clear();
        RowTooLong = false;
        while (_xml.Read())
        {
            if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "row")
            {
                continue;
            }

            Row = long.TryParse(_xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : _lastRow + 1;
            _lastRow = Row;
            if (_xml.IsEmptyElement)
            {
                return true;
            }

            var depth = _xml.Depth;
            var column = -1;
            var rowChars = 0;
            while (_xml.Read() && _xml.Depth > depth)
            {
                if (_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "c")
                {
                    column = ColumnOf(_xml.GetAttribute("r"), column + 1);
                    string value;
                    try
                    {
                        value = ReadCell(column);
                    }
                    catch (ImportFileException e) when (e.Code == "cell_too_long" && e.Ordinal < 0)
                    {
                        throw TooLong(column); // the part's token bound tripped inside this cell: name the cell
                    }

                    rowChars += value.Length + 1;
                    if (rowChars > ImportLimits.MaxRowChars)
                    {
                        RowTooLong = true;
                        _cells.Clear();
                    }
                    else if (column < ImportLimits.MaxColumns && value.Length > 0)
                    {
                        _cells[column] = value.Trim();
                    }
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>0-based column of a reference like "AB12"; <paramref name="next"/> when absent or unreadable.</summary>
    private static int ColumnOf(string? reference, int next)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return next;
        }

        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = (column * 26) + (c - 'A' + 1);
                letters++;
            }
            else
            {
                break;
            }
        }

        return letters is 0 or > 3 ? next : column - 1;
    }

    private static string ColumnName(int column)
    {
        var name = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>The text of the current &lt;c&gt; element, in the CSV's forms.</summary>
    private string ReadCell(int column)
    {
        var type = _xml.GetAttribute("t") ?? "n";
        var style = int.TryParse(_xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (_xml.IsEmptyElement)
        {
            return string.Empty;
        }

        var depth = _xml.Depth;
        string? raw = null;
        var inline = false;
        while (_xml.Read() && _xml.Depth > depth)
        {
            if (_xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (_xml.LocalName == "v")
            {
                _text.Clear();
                if (!_xml.IsEmptyElement)
                {
                    var vDepth = _xml.Depth;
                    var over = false;
                    while (_xml.Read() && _xml.Depth > vDepth)
                    {
                        if (_xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                        {
                            over |= !AppendBounded(_xml.Value);
                        }
                    }

                    if (over)
                    {
                        throw TooLong(column);
                    }
                }

                raw = _text.ToString();
            }
            else if (_xml.LocalName == "is")
            {
                if (!ReadStringItem(_xml))
                {
                    throw TooLong(column);
                }

                raw = _text.ToString();
                inline = true;
            }
        }

        if (raw is null)
        {
            return string.Empty;
        }

        switch (type)
        {
            case "s":
                if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= _shared.Count)
                {
                    return string.Empty;
                }

                if (_sharedOverLong.Contains(index))
                {
                    _overLong.Add(column);
                }

                return _shared[index];
            case "inlineStr":
                return inline ? Unescape(raw) : string.Empty;
            case "str" or "e":
                return Unescape(raw);
            case "b":
                return raw.Trim() == "1" ? "true" : "false";
            case "d":
                return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso)
                    ? iso.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : raw;
            default:
                if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return raw;
                }

                if (_dateStyles.Contains(style) && number is > -657435 and < 2958466)
                {
                    return DateTime.FromOADate(number).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }

                return Math.Abs(number) < 7.9e28 ? ((decimal)number).ToString(CultureInfo.InvariantCulture) : raw;
        }
    }

    private ImportFileException TooLong(int column) =>
        new(Row, column, "cell_too_long",
            $"{_file}: la celda {ColumnName(column)}{Row} pasa de {ImportLimits.MaxCellChars:N0} caracteres; la lectura se detiene ahí.");

    /// <summary>OOXML's escapes of characters XML cannot hold: _x000D_ is a carriage return.</summary>
    private static string Unescape(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_'
                && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 6;
            }
            else
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }
}

/// <summary>
/// A read-only stream over an inflating zip entry that fails (as <see cref="ImportFileException"/>) when the entry
/// inflates past its declared size or when more than <see cref="ImportLimits.MaxXmlTokenBytes"/> bytes go by without a
/// '&lt;' or '&gt;' — the XML reader would otherwise buffer that whole run as one text, name or attribute.
/// </summary>
internal sealed class BoundedXmlStream(Stream inner, long declaredLength, string file, string part) : Stream
{
    private long _total;
    private long _sinceMarkup;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _total; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _total += read;
        if (_total > declaredLength)
        {
            throw new ImportFileException(1, -1, "xlsx_too_large", $"{file}: la parte {part} se expande más de lo que declara ({declaredLength:N0} bytes).");
        }

        var span = buffer[..read];
        var last = span.LastIndexOfAny((byte)'<', (byte)'>');
        if (last < 0)
        {
            _sinceMarkup += read;
        }
        else
        {
            var first = span.IndexOfAny((byte)'<', (byte)'>');
            if (_sinceMarkup + first > ImportLimits.MaxXmlTokenBytes)
            {
                _sinceMarkup += first;
            }
            else
            {
                _sinceMarkup = read - last - 1;
                return read;
            }
        }

        if (_sinceMarkup > ImportLimits.MaxXmlTokenBytes)
        {
            throw new ImportFileException(1, -1, "cell_too_long",
                $"{file}: la parte {part} tiene un texto de más de {ImportLimits.MaxXmlTokenBytes:N0} bytes seguidos (más de {ImportLimits.MaxCellChars:N0} caracteres por celda); la lectura se detiene ahí.");
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
