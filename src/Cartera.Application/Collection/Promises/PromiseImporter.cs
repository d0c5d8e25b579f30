using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Sylvan.Data.Csv;

namespace Cartera.Application.Collection.Promises;

/// <summary>One refused row (1 = the header), its column, a stable code and a message in Spanish.</summary>
public sealed record PromiseImportError(long Row, string Column, string Code, string Message);

/// <summary>What a promises import did: rows read, promises found, inserted, already there (unchanged), refused.</summary>
public sealed record PromiseImportResult(string File, long Rows, int Promises, int Inserted, int Unchanged, int Rejected, IReadOnlyList<PromiseImportError> Errors, int ErrorsNotListed)
{
    public bool FileRejected { get; init; }
}

/// <summary>
/// <c>cartera import promises FILE</c> (CSV, comma or semicolon, UTF-8; or XLSX): one row per promise installment with
/// the columns <see cref="Columns"/>. The rows of one promise are consecutive; they share debtor, scope, date, currency
/// and actor. Each promise is checked as if made by hand (<see cref="PromiseService"/>: RULES §13 and the payoff amount
/// on <c>made_on</c>), so a file may also carry the history of promises made and due before today (from a previous
/// system): they get their status as of the last closed date at once. A refused promise is reported for each of its
/// rows, in Spanish, and never stops the others; a promise_id already stored with the same terms is left unchanged.
/// The file is streamed and promises are written in batches, so memory stays bounded.
/// </summary>
public sealed class PromiseImporter(DatabaseOptions database, TimeProvider clock, IActor actor)
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "promise_id", "debtor_id", "obligation_ids", "made_on", "installment_number", "due_on", "amount", "currency", "made_by",
    ];

    /// <summary>The errors listed in a result; more are counted.</summary>
    public const int MaxErrors = 10_000;

    private readonly List<PromiseImportError> _errors = [];
    private int _errorsNotListed;

    public async Task<PromiseImportResult> ImportAsync(string path, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database), actor, clock);
        var service = new PromiseService(db, clock, actor);
        var current = await new BusinessCalendar(db).CurrentAsync(ct);
        var lastClosed = await new BusinessCalendar(db).LastClosedAsync(ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<PromiseRecord>();
        long rows = 0;
        int promises = 0, inserted = 0, unchanged = 0, rejected = 0;
        var group = new List<Row>();

        async Task FlushGroupAsync()
        {
            if (group.Count == 0)
            {
                return;
            }

            promises++;
            switch (await CheckAsync(db, service, group, current, ct))
            {
                case { Record: { } record }:
                    pending.Add(record);
                    break;
                case { Unchanged: true }:
                    unchanged++;
                    break;
                default:
                    rejected++;
                    break;
            }

            group.Clear();
            if (pending.Count >= PromiseEvaluation.Batch)
            {
                inserted += await SaveAsync(db, pending, lastClosed, ct);
            }
        }

        IEnumerable<Row> source;
        try
        {
            source = Read(path);
            using var rowsEnumerator = source.GetEnumerator();
            while (rowsEnumerator.MoveNext())
            {
                var row = rowsEnumerator.Current;
                rows++;
                var id = row.Get("promise_id");
                if (group.Count > 0 && id != group[0].Get("promise_id"))
                {
                    await FlushGroupAsync();
                }

                if (group.Count == 0 && id.Length > 0 && !seen.Add(id))
                {
                    Error(row.Number, "promise_id", "promise_not_contiguous", $"Las filas de la promesa {id} deben ir seguidas; esta aparece de nuevo más abajo en el archivo.");
                    rejected++;
                    continue;
                }

                group.Add(row);
            }
        }
        catch (PromiseFileException e)
        {
            Error(1, e.Column, e.Code, e.Message);
            return new PromiseImportResult(path, rows, 0, 0, 0, 0, _errors, _errorsNotListed) { FileRejected = true };
        }

        await FlushGroupAsync();
        inserted += await SaveAsync(db, pending, lastClosed, ct);
        return new PromiseImportResult(path, rows, promises, inserted, unchanged, rejected, _errors, _errorsNotListed);
    }

    private static async Task<int> SaveAsync(CarteraDbContext db, List<PromiseRecord> records, DateOnly? lastClosed, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return 0;
        }

        db.Promises.AddRange(records);
        await db.SaveChangesAsync(ct);
        var evaluated = records.Where(r => lastClosed is { } c && c >= r.MadeOn).ToList();
        if (evaluated.Count > 0)
        {
            var outcomes = await PromiseEvaluation.EvaluateAsync(db, evaluated, lastClosed!.Value, ct);
            foreach (var r in evaluated)
            {
                PromiseEvaluation.Apply(r, outcomes[r.Id], lastClosed.Value);
            }

            await db.SaveChangesAsync(ct);
        }

        var count = records.Count;
        records.Clear();
        db.ChangeTracker.Clear();
        return count;
    }

    private sealed record Checked(PromiseRecord? Record, bool Unchanged);

    private async Task<Checked> CheckAsync(CarteraDbContext db, PromiseService service, List<Row> rows, DateOnly current, CancellationToken ct)
    {
        var first = rows[0];
        var failed = false;
        void RowError(Row row, string column, string code, string message)
        {
            Error(row.Number, column, code, message);
            failed = true;
        }

        var promiseId = first.Get("promise_id");
        if (promiseId.Length is 0 or > 64)
        {
            RowError(first, "promise_id", "required", "promise_id es obligatorio (hasta 64 caracteres).");
        }

        foreach (var column in new[] { "debtor_id", "obligation_ids", "made_on", "currency", "made_by" })
        {
            foreach (var row in rows.Skip(1).Where(r => !string.Equals(r.Get(column), first.Get(column), StringComparison.Ordinal)))
            {
                RowError(row, column, "inconsistent_promise", $"Todas las filas de la promesa {promiseId} deben tener el mismo {column}.");
            }
        }

        var madeOn = ParseDate(first, "made_on", RowError);
        var madeBy = first.Get("made_by");
        if (madeBy.Length is 0 or > 200)
        {
            RowError(first, "made_by", "required", "made_by es obligatorio (quién hizo la promesa, hasta 200 caracteres).");
        }

        var installments = new List<(int Number, PromiseInstallmentInput Input, Row Row)>();
        foreach (var row in rows)
        {
            var number = int.TryParse(row.Get("installment_number"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : (int?)null;
            if (number is null)
            {
                RowError(row, "installment_number", "invalid_value", "installment_number es un número entero mayor que cero.");
            }

            var due = ParseDate(row, "due_on", RowError);
            var amount = decimal.TryParse(row.Get("amount"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a) ? a : (decimal?)null;
            if (amount is null)
            {
                RowError(row, "amount", "invalid_amount", "amount es un valor mayor que cero con punto decimal (por ejemplo 300000.00).");
            }

            if (number is { } num && due is { } d && amount is { } am)
            {
                installments.Add((num, new PromiseInstallmentInput(d, am), row));
            }
        }

        foreach (var duplicate in installments.GroupBy(i => i.Number).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
        {
            RowError(duplicate.Row, "installment_number", "duplicate_installment", $"La cuota {duplicate.Number} de la promesa {promiseId} está repetida.");
        }

        var debtorExternal = first.Get("debtor_id");
        var debtorId = debtorExternal.Length == 0 ? null : await db.Debtors.AsNoTracking().Where(d => d.ExternalId == debtorExternal).Select(d => (long?)d.Id).SingleOrDefaultAsync(ct);
        if (debtorId is null)
        {
            RowError(first, "debtor_id", "unknown_debtor", $"No existe el deudor «{debtorExternal}».");
        }

        if (failed)
        {
            return new Checked(null, false);
        }

        var ordered = installments.OrderBy(i => i.Number).ToList();
        var command = new MakePromiseCommand(
            debtorId!.Value,
            first.Get("obligation_ids").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            madeOn,
            first.Get("currency"),
            ordered.Select(i => i.Input).ToList(),
            promiseId,
            madeBy);
        var stored = await PromiseEvaluation.WithDetails(db, tracked: false).SingleOrDefaultAsync(p => p.ExternalId == promiseId, ct);
        if (stored is not null)
        {
            var same = stored.DebtorId == command.DebtorId && stored.MadeOn == madeOn
                && stored.Installments.OrderBy(i => i.Number).Select(i => (i.DueOn, i.AmountMinor)).SequenceEqual(
                    ordered.Select(i => (i.Input.DueOn, decimal.ToInt64(i.Input.Amount * Cartera.Domain.Common.Currency.Of(stored.CurrencyCode).MinorFactor))));
            if (!same)
            {
                RowError(first, "promise_id", "promise_exists", $"La promesa {promiseId} ya existe con otros términos; una promesa no se modifica por archivo.");
            }

            return new Checked(null, same);
        }

        if (ordered.Select(i => i.Number).SequenceEqual(Enumerable.Range(1, ordered.Count)) is false)
        {
            RowError(first, "installment_number", "invalid_installment_number", $"Las cuotas de la promesa {promiseId} se numeran de 1 a {ordered.Count} sin saltos.");
            return new Checked(null, false);
        }

        var (record, errors) = await service.PrepareAsync(command, current, ct);
        foreach (var e in errors)
        {
            var row = e.Field is "due_on" or "amount" && ExtractInstallment(e.Message) is { } k && k <= ordered.Count ? ordered[k - 1].Row : first;
            RowError(row, e.Field ?? "promise_id", e.Code, Spanish(e, promiseId));
        }

        return new Checked(record, false);
    }

    private static int? ExtractInstallment(string message) =>
        message.StartsWith("Installment ", StringComparison.Ordinal) && int.TryParse(message.AsSpan(12, message.IndexOf(':', StringComparison.Ordinal) - 12), NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : null;

    /// <summary>The Spanish message of a refused promise, by code.</summary>
    internal static string Spanish(DomainException e, string promiseId) => e.Code switch
    {
        "exceeds_due" => $"El total de la promesa {promiseId} supera el saldo total adeudado (valor para cancelar) de las obligaciones en su alcance en la fecha en que se hizo.",
        "beyond_horizon" => $"La primera cuota de la promesa {promiseId} vence después del plazo máximo del producto desde la fecha de la promesa.",
        "due_before_made" => $"Una cuota de la promesa {promiseId} vence antes de la fecha en que se hizo la promesa.",
        "due_out_of_order" => $"Las fechas de vencimiento de la promesa {promiseId} deben ir en orden: una cuota vence antes que la anterior.",
        "invalid_amount" => $"El valor de cada cuota de la promesa {promiseId} debe ser mayor que cero, con los decimales de la moneda.",
        "unknown_currency" => "currency no es un código ISO 4217 conocido (COP, USD, MXN, EUR…).",
        "currency_mismatch" => $"La moneda de la promesa {promiseId} no es la de las obligaciones en su alcance.",
        "unknown_obligation" => $"El deudor no tiene una de las obligaciones de obligation_ids de la promesa {promiseId}.",
        "no_obligations" => $"El deudor no tiene obligaciones en la moneda de la promesa {promiseId}.",
        "made_in_future" => $"La promesa {promiseId} tiene fecha posterior a la fecha de negocio actual.",
        "too_many_installments" => $"La promesa {promiseId} tiene más de {Domain.Collection.Promises.PromiseTerms.MaxInstallments} cuotas.",
        "unknown_debtor" => "No existe el deudor.",
        _ => $"La promesa {promiseId} no es válida ({e.Code}).",
    };

    private static DateOnly? ParseDate(Row row, string column, Action<Row, string, string, string> error)
    {
        if (DateOnly.TryParseExact(row.Get(column), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        error(row, column, "invalid_date", $"{column} es una fecha con el formato aaaa-mm-dd.");
        return null;
    }

    private void Error(long row, string column, string code, string message)
    {
        if (_errors.Count < MaxErrors)
        {
            _errors.Add(new PromiseImportError(row, column, code, message));
        }
        else
        {
            _errorsNotListed++;
        }
    }

    /// <summary>One data row: its number in the file (the header is row 1) and its cells by column name.</summary>
    private sealed class Row(long number, string[] cells, IReadOnlyDictionary<string, int> ordinals)
    {
        public long Number { get; } = number;

        public string Get(string column) => ordinals.TryGetValue(column, out var i) && i < cells.Length ? cells[i] : string.Empty;
    }

    private sealed class PromiseFileException(string column, string code, string message) : Exception(message)
    {
        public string Column { get; } = column;

        public string Code { get; } = code;
    }

    /// <summary>Streams the rows of a CSV or XLSX file; the header must hold every column.</summary>
    private static IEnumerable<Row> Read(string path)
    {
        if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            Dictionary<string, int>? ordinals = null;
            long number = 0;
            foreach (IDictionary<string, object?> cells in MiniExcel.Query(path, useHeaderRow: false))
            {
                number++;
                var values = cells.Values.Select(v => v switch
                {
                    null => string.Empty,
                    DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => v.ToString() ?? string.Empty,
                }).Select(v => v.Trim()).ToArray();
                if (ordinals is null)
                {
                    ordinals = Header(values);
                    continue;
                }

                if (values.All(v => v.Length == 0))
                {
                    continue;
                }

                yield return new Row(number, values, ordinals);
            }

            yield break;
        }

        var delimiter = DetectDelimiter(path);
        using var csv = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = true, Delimiter = delimiter });
        var header = Header(Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim().TrimStart('\uFEFF')).ToArray());
        long line = 1;
        while (csv.Read())
        {
            line++;
            var values = new string[csv.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = csv.GetString(i).Trim();
            }

            if (values.All(v => v.Length == 0))
            {
                continue;
            }

            yield return new Row(line, values, header);
        }
    }

    private static char DetectDelimiter(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? string.Empty;
        return first.Count(c => c == ';') > first.Count(c => c == ',') ? ';' : ',';
    }

    private static Dictionary<string, int> Header(string[] names)
    {
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            ordinals.TryAdd(names[i].ToLowerInvariant(), i);
        }

        var missing = Columns.Where(c => c != "obligation_ids" && !ordinals.ContainsKey(c)).ToList();
        return missing.Count == 0
            ? ordinals
            : throw new PromiseFileException(missing[0], "missing_column", $"Falta la columna {string.Join(", ", missing)}; el archivo lleva: {string.Join(", ", Columns)}.");
    }
}
