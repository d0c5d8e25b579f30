using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Import;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Bureau;

/// <summary>Counts of a notices file: data rows read, notices added, delivery dates added to notices already stored, rows already stored (unchanged), rows rejected; the row errors.</summary>
public sealed record BureauNoticeImportResult(string File, long Rows, long Added, long Delivered, long Unchanged, long Rejected, IReadOnlyList<ImportError> Errors);

/// <summary>
/// <c>cartera bureau notices import FILE</c>: a CSV (UTF-8, comma or semicolon) or XLSX file with exactly the columns
/// <c>obligation_id, sent_on, delivered_on, channel, proof_reference</c> (docs/user/bureau.md). Each row stands alone:
/// a bad row is reported with its row, column and a Spanish message and never stops the others. A notice is identified
/// by obligation, channel and proof reference: the same row again is unchanged; a row that gives the delivery date of a
/// notice stored without one completes it; any other difference is refused (<c>notice_exists</c>). Saved in batches,
/// audited (who imported it, when).
/// </summary>
public sealed class BureauNoticeImporter(CarteraDbContext db, TimeProvider clock)
{
    /// <summary>The columns of the file, in this order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["obligation_id", "sent_on", "delivered_on", "channel", "proof_reference"];

    public const int MaxErrors = 1_000;
    public const int MaxProofReference = 200;
    private const int BatchSize = 500;

    private sealed record Row(long Number, string ObligationId, DateOnly SentOn, DateOnly? DeliveredOn, BureauNoticeChannel Channel, string Proof);

    public async Task<BureauNoticeImportResult> ImportAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var name = Path.GetFileName(path);
        long rows = 0, added = 0, delivered = 0, unchanged = 0;
        var (file, problem) = await TabularFile.OpenAsync(path, ct);
        if (file is null)
        {
            return new BureauNoticeImportResult(name, 0, 0, 0, 0, 0, [new ImportError(name, problem!.Row, string.Empty, problem.Code, problem.Message)]);
        }

        var rowErrors = new RowErrors(name, MaxErrors);
        var reject = rowErrors.Reject;
        using (file)
        {
            var ordinals = Columns.Select(file.IndexOf).ToArray();
            var missing = Columns.Where((_, i) => ordinals[i] < 0).ToList();
            if (missing.Count > 0)
            {
                return new BureauNoticeImportResult(name, 0, 0, 0, 0, 0,
                    missing.Select(c => new ImportError(name, 1, c, "missing_column", $"Falta la columna '{c}' en la fila de encabezados (columnas: {string.Join(", ", Columns)}).")).ToList());
            }

            var today = BusinessCalendar.LenderToday(clock);
            var batch = new List<Row>(BatchSize);
            while (true)
            {
                var more = file.Read(out var readProblem);
                if (readProblem is not null)
                {
                    reject(readProblem.Row, string.Empty, readProblem.Code, readProblem.Message);
                }

                if (!more)
                {
                    break;
                }

                rows++;
                if (Parse(file, ordinals, today, reject) is { } parsed)
                {
                    batch.Add(parsed);
                }

                if (batch.Count >= BatchSize)
                {
                    var (a, d, u) = await FlushAsync(batch, reject, ct);
                    (added, delivered, unchanged) = (added + a, delivered + d, unchanged + u);
                }
            }

            var (fa, fd, fu) = await FlushAsync(batch, reject, ct);
            (added, delivered, unchanged) = (added + fa, delivered + fd, unchanged + fu);
        }

        return new BureauNoticeImportResult(name, rows, added, delivered, unchanged, rowErrors.Rejected, rowErrors.Errors);
    }

    private static Row? Parse(TabularFile file, int[] ordinals, DateOnly today, Action<long, string, string, string> reject)
    {
        var row = file.Row;
        var ok = true;
        for (var i = 0; i < ordinals.Length; i++)
        {
            if (file.CellTooLong(ordinals[i]))
            {
                reject(row, Columns[i], "cell_too_long", $"Fila {row}, columna '{Columns[i]}': la celda es demasiado larga.");
                ok = false;
            }
        }

        var obligation = file.Get(ordinals[0]);
        if (obligation.Length == 0)
        {
            reject(row, "obligation_id", "required", $"Fila {row}, columna 'obligation_id': falta el identificador de la obligación.");
            ok = false;
        }

        DateOnly? Date(int index, bool required)
        {
            var text = file.Get(ordinals[index]);
            if (text.Length == 0 && !required)
            {
                return null;
            }

            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                reject(row, Columns[index], text.Length == 0 ? "required" : "invalid_date", text.Length == 0
                    ? $"Fila {row}, columna '{Columns[index]}': falta la fecha (AAAA-MM-DD)."
                    : $"Fila {row}, columna '{Columns[index]}': '{text}' no es una fecha AAAA-MM-DD.");
                ok = false;
                return null;
            }

            if (date > today)
            {
                reject(row, Columns[index], "date_in_future", $"Fila {row}, columna '{Columns[index]}': la fecha {text} es posterior a hoy.");
                ok = false;
            }

            return date;
        }

        var sent = Date(1, required: true);
        var deliveredOn = Date(2, required: false);
        if (sent is { } s && deliveredOn is { } d && d < s)
        {
            reject(row, "delivered_on", "delivered_before_sent", $"Fila {row}, columna 'delivered_on': la entrega ({d:yyyy-MM-dd}) es anterior al envío ({s:yyyy-MM-dd}).");
            ok = false;
        }

        var channelText = file.Get(ordinals[3]);
        if (!EnumCodes.TryParse<BureauNoticeChannel>(channelText, out var channel))
        {
            reject(row, "channel", channelText.Length == 0 ? "required" : "invalid_code",
                $"Fila {row}, columna 'channel': '{channelText}' no es un canal de aviso (use {string.Join(", ", EnumCodes.Codes<BureauNoticeChannel>())}).");
            ok = false;
        }

        var proof = file.Get(ordinals[4]);
        if (proof.Length is 0 or > MaxProofReference)
        {
            reject(row, "proof_reference", proof.Length == 0 ? "required" : "too_long",
                $"Fila {row}, columna 'proof_reference': la referencia de la prueba de entrega es obligatoria (hasta {MaxProofReference} caracteres).");
            ok = false;
        }

        return ok ? new Row(row, obligation, sent!.Value, deliveredOn, channel, proof) : null;
    }

    private async Task<(long Added, long Delivered, long Unchanged)> FlushAsync(List<Row> batch, Action<long, string, string, string> reject, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return (0, 0, 0);
        }

        var externalIds = batch.Select(r => r.ObligationId).Distinct(StringComparer.Ordinal).ToList();
        var ids = await db.Obligations.AsNoTracking().Where(o => externalIds.Contains(o.ExternalId))
            .Select(o => new { o.ExternalId, o.Id }).ToDictionaryAsync(o => o.ExternalId, o => o.Id, StringComparer.Ordinal, ct);
        var obligationIds = ids.Values.ToList();
        var stored = (await db.BureauNotices.Where(n => obligationIds.Contains(n.ObligationId)).ToListAsync(ct))
            .ToDictionary(n => (n.ObligationId, n.Channel, n.ProofReference));
        long added = 0, delivered = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        foreach (var row in batch)
        {
            if (!ids.TryGetValue(row.ObligationId, out var obligationId))
            {
                reject(row.Number, "obligation_id", "unknown_obligation", $"Fila {row.Number}, columna 'obligation_id': no existe una obligación con el identificador '{row.ObligationId}'.");
                continue;
            }

            var key = (obligationId, row.Channel, row.Proof);
            if (stored.TryGetValue(key, out var notice))
            {
                if (notice.SentOn == row.SentOn && notice.DeliveredOn == row.DeliveredOn)
                {
                    unchanged++;
                }
                else if (notice.SentOn == row.SentOn && notice.DeliveredOn is null && row.DeliveredOn is { } on)
                {
                    notice.DeliveredOn = on;
                    notice.UpdatedAt = now;
                    notice.UpdatedBy = db.Actor.Name;
                    delivered++;
                }
                else
                {
                    reject(row.Number, "proof_reference", "notice_exists",
                        $"Fila {row.Number}, columna 'proof_reference': ya existe un aviso de la obligación '{row.ObligationId}' por ese canal con esa prueba y otras fechas; un aviso no se modifica por archivo.");
                }

                continue;
            }

            notice = new BureauNotice
            {
                ObligationId = obligationId,
                SentOn = row.SentOn,
                DeliveredOn = row.DeliveredOn,
                Channel = row.Channel,
                ProofReference = row.Proof,
                ImportedBy = db.Actor.Name,
                ImportedAt = now,
                UpdatedAt = now,
                UpdatedBy = db.Actor.Name,
            };
            db.BureauNotices.Add(notice);
            stored[key] = notice;
            added++;
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        batch.Clear();
        return (added, delivered, unchanged);
    }
}
