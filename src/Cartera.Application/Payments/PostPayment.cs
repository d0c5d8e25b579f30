using System.Globalization;
using System.Text.Json;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Payments;

/// <summary>
/// Posts a payment (RULES §5), or stores it as pending when its value date is after the current business date. The
/// payment meets <see cref="Cartera.Domain.Delinquency.PositionCalculator.BeforeAccrual"/> of its value date; every
/// later posted payment of the obligation is re-allocated (<see cref="PaymentReallocation"/>). Idempotent by key: the
/// same key and body again answers the first payment (replayed), another body is an <see cref="IdempotencyConflictException"/>.
/// </summary>
internal sealed class PostPayment(CarteraDbContext db)
{
    private readonly PaymentUnitOfWork _work = new(db);

    /// <summary>On SQLite outside a caller's transaction, the posting joins the database's group commit
    /// (<see cref="SqliteGroupCommit"/>): same steps, one commit shared with the postings that arrived meanwhile.</summary>
    public Task<PaymentPostingResult> PostAsync(PostPaymentCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (amount, hash) = PaymentChecks.Validate(command);
        var request = new Request(command, amount, hash, db.Actor);
        return !db.IsPostgres && db.Database.CurrentTransaction is null
            ? SqliteGroupCommit.For(db).PostAsync(db, request, ct)
            : _work.RunAsync(() => PostLockedAsync(_work, request, ct), ct);
    }

    /// <summary>A validated posting: the command, its amount and request hash, and who asked for it.</summary>
    internal sealed record Request(PostPaymentCommand Command, Money Amount, string Hash, Audit.IActor Actor);

    /// <summary>The posting inside a transaction: lock, load, check, save. The actor is the request's (a group commit
    /// runs other requests' postings on its own context).</summary>
    internal static async Task<PaymentPostingResult> PostLockedAsync(PaymentUnitOfWork work, Request request, CancellationToken ct)
    {
        var db = work.Db;
        var (command, amount, hash, actor) = request;
        var key = command.IdempotencyKey.Trim();
        var locked = await work.TryLockAsync(command.ObligationId, ct);
        var paymentId = command.PaymentId;
        var clashes = await db.Payments.AsNoTracking()
            .Where(p => p.IdempotencyKey == key || (p.ObligationId == command.ObligationId && p.ExternalId == paymentId))
            .ToListAsync(ct);
        if (clashes.Find(p => p.IdempotencyKey == key) is { } existing)
        {
            return existing.RequestHash == hash
                ? new PaymentPostingResult((await work.LoadAsync(existing.ObligationId, ct)).View(existing), Replayed: true)
                : throw new IdempotencyConflictException(key, existing.Id);
        }

        if (!locked)
        {
            throw new DomainException("unknown_obligation", $"Obligation {command.ObligationId} does not exist.", "obligation_id");
        }

        if (clashes.Count > 0)
        {
            throw new DomainException("duplicate_payment_id", $"Obligation {command.ObligationId} already has a payment with this payment_id under another idempotency key.", "payment_id");
        }

        var state = await work.LoadAsync(command.ObligationId, ct);
        PaymentChecks.EnsurePostable(state, command.ReceivedOn, amount);
        var obligationId = state.Obligation.Id;
        var pending = PaymentChecks.Sum(await db.Payments.AsNoTracking()
            .Where(p => p.ObligationId == obligationId && p.Status == PaymentStatus.Pending)
            .Select(p => p.AmountMinor).ToListAsync(ct));
        var excess = PaymentChecks.ExcessCreditBalance(state, pending, amount.MinorUnits, command.ReceivedOn, await work.RatesAsync(state, ct));
        if (excess is { } over && !command.ExcessCreditBalanceConfirmed)
        {
            throw PaymentChecks.ExcessError(state, over, amount.Currency);
        }

        var business = state.Business;
        var payment = new Payment
        {
            ExternalId = paymentId,
            ObligationId = obligationId,
            AmountMinor = amount.MinorUnits,
            CurrencyCode = amount.Currency.Code,
            ReceivedOn = command.ReceivedOn,
            BusinessDate = business,
            Channel = command.Channel,
            Reference = string.IsNullOrWhiteSpace(command.Reference) ? null : command.Reference.Trim(),
            IdempotencyKey = key,
            RequestHash = hash,
            Status = command.ReceivedOn > business ? PaymentStatus.Pending : PaymentStatus.Posted,
            CreatedBy = actor.Name,
            CreatedAt = work.Now,
        };
        db.Payments.Add(payment);
        await work.SaveAsync(ct);
        if (excess is { } confirmed)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = work.Now,
                Actor = actor.Name,
                Source = actor.Source,
                Action = "confirm_excess_credit_balance",
                EntityType = nameof(Payment),
                EntityId = payment.Id.ToString(CultureInfo.InvariantCulture),
                After = JsonSerializer.Serialize(new { held_minor = confirmed.Held, ceiling_minor = confirmed.Ceiling, currency = amount.Currency.Code }),
            });
        }

        if (payment.Status == PaymentStatus.Posted)
        {
            await work.ReallocateAsync(state, payment.ReceivedOn, payment.ExternalId, ct, actor.Name);
            await work.SaveAsync(ct);
        }

        return new PaymentPostingResult(state.View(payment), Replayed: false);
    }
}
