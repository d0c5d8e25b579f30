using Cartera.Application.Payments;
using Cartera.Domain.Common;
using Cartera.Domain.Money;
using static Cartera.Application.Import.PaymentColumns;

namespace Cartera.Application.Import;

/// <summary>
/// payments: each row is posted through <see cref="PaymentPosting"/> inside the import's transaction (no bulk write:
/// allocation, idempotency and re-allocation are the posting's), with <c>payment_id</c> as its idempotency key. A row
/// already posted with the same data is unchanged; with other data it is the row's error <c>idempotency_mismatch</c>.
/// Every row is posted even after an error so that every row's rule errors are reported; the import then rolls back.
/// </summary>
internal sealed class PaymentImporter(ImportContext context) : KindImporter(context)
{
    private readonly SeenKeys _seenIds = new();
    private readonly List<Row> _pending = [];

    public override IReadOnlyList<string> IdTables => [];

    public override int Pending => _pending.Count;

    public override void ReadRow(CellParser cells)
    {
        var id = cells.Required(PaymentId);
        var obligation = cells.Required(ObligationId);
        var currency = cells.CurrencyOf(CurrencyCol);
        var amount = cells.Amount(AmountCol, currency, true);
        var receivedOn = cells.Date(ReceivedOn, true);
        var channel = cells.Code<PaymentChannel>(ChannelCol, false) ?? PaymentChannel.Other;
        var reference = cells.Text(ReferenceCol);
        if (id is not null && id.Trim().Length > 64)
        {
            cells.Error(PaymentId, "invalid_value", "payment_id has at most 64 characters.");
        }

        if (id is not null)
        {
            if (_seenIds.TryGetValue(id.Trim(), out var first))
            {
                cells.Error(PaymentId, "duplicate_id", $"Payment '{id}' appears more than once in the file (first on row {first}).");
            }
            else
            {
                _seenIds[id.Trim()] = cells.Row;
            }
        }

        if (!cells.RowFailed)
        {
            _pending.Add(new Row(cells.Row, id!.Trim(), obligation!, amount!.Value, receivedOn!.Value, channel, reference));
        }
    }

    public override async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var obligations = await Context.IdsByExternalIdAsync("obligations", _pending.Select(p => p.Obligation).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var posting = new PaymentPosting(Context.Db);
        foreach (var row in _pending)
        {
            if (!obligations.TryGetValue(row.Obligation, out var obligationId))
            {
                Context.Error(row.Number, ObligationId, "unknown_obligation", $"Obligation '{row.Obligation}' does not exist. Import it in the obligations file first.");
                continue;
            }

            try
            {
                var command = new PostPaymentCommand(obligationId, row.Amount.Amount, row.Amount.Currency.Code, row.ReceivedOn, row.Channel, row.Reference, row.PaymentId, row.PaymentId);
                var result = await posting.PostAsync(command, cancellationToken);
                if (result.Replayed)
                {
                    Context.Unchanged++;
                }
                else
                {
                    Context.Inserted++;
                }
            }
            catch (IdempotencyConflictException)
            {
                Context.Error(row.Number, PaymentId, IdempotencyConflictException.MismatchCode, $"Payment '{row.PaymentId}' was already posted with different data (obligation, amount, currency, date, channel or reference).");
            }
            catch (DomainException e)
            {
                Context.Error(row.Number, e, AmountCol);
            }

            Context.Db.ChangeTracker.Clear(); // saved rows need no tracking; keeps change detection per row small
        }

        _pending.Clear();
        Context.Db.ChangeTracker.Clear();
    }

    private sealed record Row(long Number, string PaymentId, string Obligation, Money Amount, DateOnly ReceivedOn, PaymentChannel Channel, string? Reference);
}
