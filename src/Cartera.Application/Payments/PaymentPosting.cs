using System.Data.Common;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Money;
using Cartera.Domain.Obligations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cartera.Application.Payments;

/// <summary>
/// Posts, reverses and refunds payments (RULES §5; docs/user/payments.md; ADR 0010). Every operation runs in ONE
/// transaction that first takes the obligation's row lock (an UPDATE of the obligation row: PostgreSQL row lock, SQLite
/// write lock), so operations on the same obligation are serialized on both providers; a transient conflict (deadlock,
/// busy database, a concurrent insert of the same idempotency key) rolls back and retries. Called inside a transaction
/// the caller already opened (the file import), it joins it and does not retry.
/// <para>
/// Allocation: the payment meets <see cref="PositionCalculator.BeforeAccrual"/> of its value date. Payments are ordered
/// by (value date, id); posting or reversing one re-allocates every later posted payment of the obligation
/// (<see cref="PaymentReplay"/>): a payment whose allocation changed gets its net lines reversed and its new allocation
/// booked, so the ledger stays append-only and its net allocation always equals a fresh replay.
/// </para>
/// </summary>
public sealed class PaymentPosting(CarteraDbContext db)
{
    private const int MaxAttempts = 8;

    /// <summary>Posts a payment (or stores it as pending when its value date is after the current business date).</summary>
    public Task<PaymentPostingResult> PostAsync(PostPaymentCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (amount, hash) = Validate(command);
        return InTransactionAsync(() => PostLockedAsync(command, amount, hash, ct), ct);
    }

    /// <summary>Reverses a posted (or cancels a pending) payment; later payments are re-allocated.</summary>
    public Task<PaymentView> ReverseAsync(long paymentId, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("required", "A reversal needs a reason.", "reason");
        }

        return InTransactionAsync(
            async () =>
            {
                var obligationId = await db.Payments.Where(p => p.Id == paymentId).Select(p => (long?)p.ObligationId).FirstOrDefaultAsync(ct)
                    ?? throw new DomainException("not_found", $"Payment {paymentId} does not exist.", "payment_id");
                await LockAsync(obligationId, ct);
                var payment = await db.Payments.SingleAsync(p => p.Id == paymentId, ct);
                if (payment.Status == PaymentStatus.Reversed)
                {
                    throw new DomainException("already_reversed", $"Payment {paymentId} is already reversed.", "payment_id");
                }

                var wasPosted = payment.Status == PaymentStatus.Posted;
                payment.Status = PaymentStatus.Reversed;
                payment.ReversalReason = reason.Trim();
                payment.ReversedBy = db.Actor.Name;
                payment.ReversedAt = db.Clock.GetUtcNow();
                var state = await StateAsync(obligationId, ct);
                if (wasPosted)
                {
                    state.Ledger.ReverseNet(payment.Id, state.Business, "Payment reversed: " + payment.ReversalReason, db);
                    await ReallocateAsync(state, payment.ReceivedOn, payment.ExternalId, ct);
                }

                await db.SaveChangesAsync(ct);
                return state.View(payment);
            },
            ct);
    }

    /// <summary>Refunds part or all of an obligation's credit balance (a refund line on the credit balance).</summary>
    public Task<RefundResult> RefundAsync(long obligationId, decimal amount, string currency, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("required", "A refund needs a reason.", "reason");
        }

        return InTransactionAsync(
            async () =>
            {
                await LockAsync(obligationId, ct);
                var state = await StateAsync(obligationId, ct);
                var money = AmountIn(amount, currency, state.Obligation.CurrencyCode);
                EnsureWithinMax(money, state.Settings);
                var balance = state.Ledger.CreditBalance;
                if (money.MinorUnits > balance)
                {
                    throw new DomainException("insufficient_credit_balance", $"The credit balance of obligation {obligationId} is {Money.FromMinorUnits(balance, money.Currency)}; a refund cannot exceed it.", "amount");
                }

                var business = state.Business;
                var line = LedgerEntry.Create(obligationId, LedgerEntryKind.Refund, LedgerComponent.CreditBalance, money, business, business, db.Actor.Name, db.Clock.GetUtcNow(), description: "Refund: " + reason.Trim());
                db.LedgerEntries.Add(line);
                await db.SaveChangesAsync(ct);
                return new RefundResult(line.Id, money.MinorUnits, checked(balance - money.MinorUnits), state.Obligation.CurrencyCode);
            },
            ct);
    }

    /// <summary>
    /// Close-of-day step 2: posts every pending payment whose value date is <paramref name="date"/> or earlier, one
    /// obligation per transaction. Idempotent: a posted payment is no longer pending. Returns how many were posted.
    /// </summary>
    public async Task<int> PostPendingAsync(DateOnly date, CancellationToken ct = default)
    {
        var pending = await db.Payments.AsNoTracking()
            .Where(p => p.Status == PaymentStatus.Pending && p.ReceivedOn <= date)
            .OrderBy(p => p.ObligationId).ThenBy(p => p.ReceivedOn).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.ObligationId })
            .ToListAsync(ct);
        var posted = 0;
        foreach (var group in pending.GroupBy(p => p.ObligationId))
        {
            posted += await InTransactionAsync(
                async () =>
                {
                    await LockAsync(group.Key, ct);
                    var ids = group.Select(p => p.Id).ToList();
                    var payments = await db.Payments.Where(p => ids.Contains(p.Id) && p.Status == PaymentStatus.Pending).OrderBy(p => p.ReceivedOn).ThenBy(p => p.Id).ToListAsync(ct);
                    if (payments.Count == 0)
                    {
                        return 0;
                    }

                    var state = await StateAsync(group.Key, ct);
                    foreach (var payment in payments)
                    {
                        payment.Status = PaymentStatus.Posted;
                        payment.BusinessDate = state.Business;
                    }

                    var first = payments.OrderBy(p => p.ReceivedOn).ThenBy(p => p.ExternalId, StringComparer.Ordinal).First();
                    await ReallocateAsync(state, first.ReceivedOn, first.ExternalId, ct);
                    await db.SaveChangesAsync(ct);
                    return payments.Count;
                },
                ct);
        }

        db.ChangeTracker.Clear();
        return posted;
    }

    /// <summary>
    /// Close-of-day step 2: applies credit balances to the installments that fell due on <paramref name="date"/> (and any
    /// older one still unpaid), as adjustment pairs: credit balance +x, the component −x. Idempotent: once applied the
    /// installments are paid or the balance is gone. Returns how many obligations got an application.
    /// </summary>
    public async Task<int> ApplyCreditBalanceAsync(DateOnly date, CancellationToken ct = default)
    {
        var candidates = await db.Installments.AsNoTracking()
            .Where(i => i.DueDate == date)
            .Select(i => i.ObligationId)
            .Distinct()
            .Where(id => db.LedgerEntries.Where(e => e.ObligationId == id && e.Component == LedgerComponent.CreditBalance && e.InstallmentNumber == null).Sum(e => e.AmountMinor) < 0)
            .OrderBy(id => id)
            .ToListAsync(ct);
        var applied = 0;
        foreach (var obligationId in candidates)
        {
            applied += await InTransactionAsync(
                async () =>
                {
                    await LockAsync(obligationId, ct);
                    var state = await StateAsync(obligationId, ct);
                    var rates = new ArrearsRateSource(await new CapTableStore(db).LoadAsync(ct: ct));
                    var position = PositionCalculator.BeforeAccrual(state.Facts(_ => true), state.Settings.CapModality, rates, date);
                    if (position.CreditBalance <= 0)
                    {
                        return 0;
                    }

                    var policy = state.Settings.Allocation with { Prepayment = PrepaymentPolicy.CreditBalance };
                    var lines = PaymentAllocator.Allocate(position, position.CreditBalance, date, policy).Lines
                        .Where(l => l.Component != LedgerComponent.CreditBalance).ToList();
                    if (lines.Count == 0)
                    {
                        return 0;
                    }

                    var currency = state.Obligation.Currency;
                    var now = db.Clock.GetUtcNow();
                    foreach (var l in lines)
                    {
                        state.Ledger.Add(LedgerEntry.Create(obligationId, LedgerEntryKind.Adjustment, l.Component, Money.FromMinorUnits(-l.AmountMinor, currency), state.Business, date, db.Actor.Name, now, l.InstallmentNumber, description: "Credit balance applied"), null, db);
                    }

                    state.Ledger.Add(LedgerEntry.Create(obligationId, LedgerEntryKind.Adjustment, LedgerComponent.CreditBalance, Money.FromMinorUnits(lines.Sum(l => l.AmountMinor), currency), state.Business, date, db.Actor.Name, now, description: "Credit balance applied"), null, db);
                    state.SyncInstallments();
                    await db.SaveChangesAsync(ct);
                    return 1;
                },
                ct);
        }

        db.ChangeTracker.Clear();
        return applied;
    }

    /// <summary>A payment with its current allocation, or null.</summary>
    public async Task<PaymentView?> FindAsync(long paymentId, CancellationToken ct = default)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, ct);
        return payment is null ? null : await ViewAsync(payment, ct);
    }

    /// <summary>An obligation's payments, newest value date first, with their allocations.</summary>
    public async Task<IReadOnlyList<PaymentView>> ListAsync(long obligationId, CancellationToken ct = default)
    {
        var payments = await db.Payments.AsNoTracking().Where(p => p.ObligationId == obligationId)
            .OrderByDescending(p => p.ReceivedOn).ThenByDescending(p => p.Id).ToListAsync(ct);
        if (payments.Count == 0)
        {
            return [];
        }

        var state = await StateAsync(obligationId, ct);
        return payments.Select(state.View).ToList();
    }

    /// <summary>Checks what needs no database: key, amount, currency, reference. Returns the amount in minor units and the request hash.</summary>
    private static (Money Amount, string Hash) Validate(PostPaymentCommand command)
    {
        if (string.IsNullOrWhiteSpace(command.IdempotencyKey) || command.IdempotencyKey.Trim().Length > PostPaymentCommand.MaxKeyLength)
        {
            throw new DomainException("invalid_idempotency_key", $"An idempotency key of 1 to {PostPaymentCommand.MaxKeyLength} characters is required.", "idempotency_key");
        }

        if (command.PaymentId.Length > 64)
        {
            throw new DomainException("invalid_value", "payment_id has at most 64 characters.", "payment_id");
        }

        if (command.Reference?.Trim().Length > 200)
        {
            throw new DomainException("invalid_value", "The reference has at most 200 characters.", "reference");
        }

        if (!Enum.IsDefined(command.Channel))
        {
            throw new DomainException("invalid_code", $"channel must be one of: {string.Join(", ", EnumCodes.Codes<PaymentChannel>())}.", "channel");
        }

        if (!Currency.TryOf(command.Currency, out var currency))
        {
            throw new DomainException("unknown_currency", "currency is not a known ISO 4217 code.", "currency");
        }

        var amount = Money.Of(command.Amount, currency);
        if (!amount.IsPositive)
        {
            throw new DomainException("invalid_amount", "A payment amount must be greater than zero.", "amount");
        }

        return (amount, command.Hash(amount.MinorUnits));
    }

    private async Task<PaymentPostingResult> PostLockedAsync(PostPaymentCommand command, Money amount, string hash, CancellationToken ct)
    {
        var key = command.IdempotencyKey.Trim();
        var locked = await TryLockAsync(command.ObligationId, ct);
        var paymentId = command.PaymentId;
        var clashes = await db.Payments.AsNoTracking()
            .Where(p => p.IdempotencyKey == key || (p.ObligationId == command.ObligationId && p.ExternalId == paymentId))
            .ToListAsync(ct);
        if (clashes.Find(p => p.IdempotencyKey == key) is { } existing)
        {
            return existing.RequestHash == hash
                ? new PaymentPostingResult((await StateAsync(existing.ObligationId, ct)).View(existing), Replayed: true)
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

        var state = await StateAsync(command.ObligationId, ct);
        var obligation = state.Obligation;
        if (obligation.Status == ObligationStatus.Cancelled)
        {
            throw new DomainException("obligation_cancelled", $"Obligation {obligation.Id} is cancelled; it takes no payments.", "obligation_id");
        }

        if (amount.Currency.Code != obligation.CurrencyCode)
        {
            throw new DomainException("currency_mismatch", $"Obligation {obligation.Id} is in {obligation.CurrencyCode}, the payment in {amount.Currency.Code}.", "currency");
        }

        var business = state.Business;
        if (command.ReceivedOn < business.AddDays(-state.Settings.BackdateWindowDays))
        {
            throw new DomainException(
                "outside_window",
                $"The value date {command.ReceivedOn:yyyy-MM-dd} is more than {state.Settings.BackdateWindowDays} days before the business date {business:yyyy-MM-dd} (product {obligation.Product}).",
                "received_on");
        }

        if (command.ReceivedOn > business.AddDays(state.Settings.FutureWindowDays))
        {
            throw new DomainException(
                "outside_window",
                $"The value date {command.ReceivedOn:yyyy-MM-dd} is more than {state.Settings.FutureWindowDays} days after the business date {business:yyyy-MM-dd} (product {obligation.Product}).",
                "received_on");
        }

        EnsureWithinMax(amount, state.Settings);
        var excess = await ExcessCreditBalanceAsync(state, amount.MinorUnits, command.ReceivedOn, ct);
        if (excess is { } over && !command.ExcessCreditBalanceConfirmed)
        {
            throw new DomainException(
                "excess_credit_balance",
                $"This payment would leave {Money.FromMinorUnits(over.Held, amount.Currency)} held for the debtor, more than the payoff amount plus {state.Settings.ExcessCreditBalanceInstallments} installment(s) ({Money.FromMinorUnits(over.Ceiling, amount.Currency)}); a supervisor must confirm it.",
                "amount");
        }

        var payment = new Payment
        {
            ExternalId = paymentId,
            ObligationId = obligation.Id,
            AmountMinor = amount.MinorUnits,
            CurrencyCode = amount.Currency.Code,
            ReceivedOn = command.ReceivedOn,
            BusinessDate = business,
            Channel = command.Channel,
            Reference = string.IsNullOrWhiteSpace(command.Reference) ? null : command.Reference.Trim(),
            IdempotencyKey = key,
            RequestHash = hash,
            Status = command.ReceivedOn > business ? PaymentStatus.Pending : PaymentStatus.Posted,
            CreatedBy = db.Actor.Name,
            CreatedAt = db.Clock.GetUtcNow(),
        };
        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);
        if (excess is { } confirmed)
        {
            db.AuditEntries.Add(new Audit.AuditEntry
            {
                At = db.Clock.GetUtcNow(),
                Actor = db.Actor.Name,
                Source = db.Actor.Source,
                Action = "confirm_excess_credit_balance",
                EntityType = nameof(Payment),
                EntityId = payment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                After = System.Text.Json.JsonSerializer.Serialize(new { held_minor = confirmed.Held, ceiling_minor = confirmed.Ceiling, currency = amount.Currency.Code }),
            });
        }

        if (payment.Status == PaymentStatus.Posted)
        {
            await ReallocateAsync(state, payment.ReceivedOn, payment.ExternalId, ct);
            await db.SaveChangesAsync(ct);
        }

        return new PaymentPostingResult(state.View(payment), Replayed: false);
    }

    /// <summary>
    /// Re-allocates the posted payments of the obligation from (<paramref name="fromValueDate"/>, <paramref name="fromPaymentId"/>)
    /// on, in (value date, payment id) order — payment id being the payment's own id (<see cref="Payment.ExternalId"/>,
    /// ordinal), never the order of arrival, so the ledger is a function of the set of payments: replays them over the ledger without their lines, and for each one whose allocation changed reverses its net
    /// lines and books the new allocation. Then brings the installments' paid columns in line with the ledger. Payment
    /// status changes of this transaction must be tracked (they are read with the stored rows).
    /// </summary>
    private async Task ReallocateAsync(ObligationState state, DateOnly fromValueDate, string fromPaymentId, CancellationToken ct)
    {
        var obligationId = state.Obligation.Id;
        var stored = await db.Payments
            .Where(p => p.ObligationId == obligationId && p.ReceivedOn >= fromValueDate)
            .ToListAsync(ct); // tracked: a status changed in this transaction reads as changed
        var affected = stored
            .Where(p => p.Status == PaymentStatus.Posted && (p.ReceivedOn > fromValueDate || string.CompareOrdinal(p.ExternalId, fromPaymentId) >= 0))
            .OrderBy(p => p.ReceivedOn).ThenBy(p => p.ExternalId, StringComparer.Ordinal).ToList();
        if (affected.Count > 0)
        {
            var ids = affected.Select(p => p.Id).ToHashSet();
            var facts = state.Facts(l => l.PaymentId is not { } id || !ids.Contains(id));
            var rates = new ArrearsRateSource(await new CapTableStore(db).LoadAsync(ct: ct));
            var fresh = PaymentReplay.Allocate(facts, affected.Select(p => new PaymentToAllocate(p.Id, p.ReceivedOn, p.AmountMinor)).ToList(), state.Settings.CapModality, rates, state.Settings.Allocation);
            var currency = state.Obligation.Currency;
            var now = db.Clock.GetUtcNow();
            for (var k = 0; k < affected.Count; k++)
            {
                var payment = affected[k];
                var wanted = NetLine.Of(fresh[k].Lines);
                var relief = NetLine.Of(fresh[k].InterestRelief);
                if (NetLine.Same(state.Ledger.Net(payment.Id, relief: false), wanted) && NetLine.Same(state.Ledger.Net(payment.Id, relief: true), relief))
                {
                    continue;
                }

                state.Ledger.ReverseNet(payment.Id, state.Business, "Re-allocation of payment " + payment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), db);
                foreach (var line in wanted)
                {
                    var entry = LedgerEntry.Create(
                        obligationId, LedgerEntryKind.Payment, line.Component, Money.FromMinorUnits(-line.AmountMinor, currency), state.Business, payment.ReceivedOn, db.Actor.Name, now, line.InstallmentNumber, description: "Payment " + payment.ExternalId);
                    state.Ledger.Add(entry, payment.Id, db);
                }

                // Interest the prepayment made no longer owed: an adjustment (not money received) tied to the payment, so
                // reversing or re-allocating the payment undoes it too.
                foreach (var line in relief)
                {
                    var entry = LedgerEntry.Create(
                        obligationId, LedgerEntryKind.Adjustment, line.Component, Money.FromMinorUnits(-line.AmountMinor, currency), state.Business, payment.ReceivedOn, db.Actor.Name, now, line.InstallmentNumber, description: "Interest relief after prepayment " + payment.ExternalId);
                    state.Ledger.Add(entry, payment.Id, db);
                }
            }
        }

        state.SyncInstallments();
    }

    /// <summary>Refuses an amount above the product's largest payment for its currency (<c>amount_too_large</c>).</summary>
    private static void EnsureWithinMax(Money amount, ProductSettings settings)
    {
        var max = settings.MaxAmountMinor(amount.Currency);
        if (amount.MinorUnits > max)
        {
            throw new DomainException("amount_too_large", $"{amount} is more than the largest amount allowed for one payment or refund ({Money.FromMinorUnits(max, amount.Currency)}, product {settings.Code}).", "amount");
        }
    }

    /// <summary>
    /// What a new payment would leave held for the debtor, when that is more than the product allows: the credit balance
    /// now, plus pending payments, plus this one, against the payoff amount (everything the obligation still owes, due or
    /// not, at the later of the value date and the business date, before interest relief) plus
    /// <see cref="ProductSettings.ExcessCreditBalanceInstallments"/> × the largest scheduled installment. Null when within.
    /// Every sum is checked.
    /// </summary>
    private async Task<(long Held, long Ceiling)?> ExcessCreditBalanceAsync(ObligationState state, long amountMinor, DateOnly valueDate, CancellationToken ct)
    {
        var obligationId = state.Obligation.Id;
        var pendingAmounts = await db.Payments.AsNoTracking()
            .Where(p => p.ObligationId == obligationId && p.Status == PaymentStatus.Pending)
            .Select(p => p.AmountMinor).ToListAsync(ct);
        long pending = 0;
        foreach (var a in pendingAmounts)
        {
            pending = checked(pending + a);
        }

        var at = valueDate > state.Business ? valueDate : state.Business;
        var rates = new ArrearsRateSource(await new CapTableStore(db).LoadAsync(ct: ct));
        var position = PositionCalculator.BeforeAccrual(state.Facts(_ => true), state.Settings.CapModality, rates, at);
        long owed = 0, largest = 0;
        foreach (var i in position.Installments)
        {
            owed = checked(owed + i.TotalOutstanding);
        }

        foreach (var i in state.Installments)
        {
            largest = Math.Max(largest, checked(i.PrincipalMinor + i.InterestMinor + i.InsuranceMinor + i.OtherMinor));
        }

        var held = checked(Math.Max(0, position.CreditBalance) + pending + amountMinor);
        var ceiling = checked(owed + decimal.ToInt64(decimal.Ceiling(state.Settings.ExcessCreditBalanceInstallments * largest)));
        return held > ceiling ? (held, ceiling) : null;
    }

    private async Task<PaymentView> ViewAsync(Payment payment, CancellationToken ct) => (await StateAsync(payment.ObligationId, ct)).View(payment);

    /// <summary>
    /// Everything a posting needs of one obligation, read once per transaction after the lock: the obligation, its
    /// product settings, its installments (tracked: their paid columns are updated), its ledger lines with their
    /// payment ids, and the current business date.
    /// </summary>
    private async Task<ObligationState> StateAsync(long obligationId, CancellationToken ct)
    {
        var obligation = await db.Obligations.AsNoTracking().SingleAsync(o => o.Id == obligationId, ct);
        var installments = await db.Installments.Where(i => i.ObligationId == obligationId).OrderBy(i => i.Number).ToListAsync(ct);
        var lines = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.ObligationId == obligationId)
            .OrderBy(e => e.Id)
            .Select(e => new LedgerLine(e, EF.Property<long?>(e, Payment.LedgerPaymentId)))
            .ToListAsync(ct);
        var settings = await new ProductCatalog(db).ForCodeAsync(obligation.Product, ct);
        var business = await new BusinessCalendar(db).CurrentAsync(ct);
        return new ObligationState(obligation, settings, installments, new ObligationLedger(obligationId, lines), business);
    }

    private async Task LockAsync(long obligationId, CancellationToken ct)
    {
        if (!await TryLockAsync(obligationId, ct))
        {
            throw new DomainException("unknown_obligation", $"Obligation {obligationId} does not exist.", "obligation_id");
        }
    }

    /// <summary>
    /// Takes the obligation's write lock for the rest of the transaction: an UPDATE of its row (PostgreSQL: a row lock
    /// that a concurrent posting on the same obligation waits for; SQLite: the database write lock, taken before any read
    /// of the transaction). On SQLite it also bumps the row's version.
    /// </summary>
    private async Task<bool> TryLockAsync(long obligationId, CancellationToken ct)
    {
        var rows = db.IsPostgres
            ? await db.Database.ExecuteSqlAsync($"UPDATE obligations SET status = status WHERE id = {obligationId}", ct)
            : await db.Database.ExecuteSqlAsync($"UPDATE obligations SET version = version + 1 WHERE id = {obligationId}", ct);
        return rows > 0;
    }

    private static Money AmountIn(decimal amount, string currency, string obligationCurrency)
    {
        if (!Currency.TryOf(currency, out var c))
        {
            throw new DomainException("unknown_currency", "currency is not a known ISO 4217 code.", "currency");
        }

        if (c.Code != obligationCurrency)
        {
            throw new DomainException("currency_mismatch", $"The obligation is in {obligationCurrency}, the amount in {c.Code}.", "currency");
        }

        var money = Money.Of(amount, c);
        return money.IsPositive ? money : throw new DomainException("invalid_amount", "The amount must be greater than zero.", "amount");
    }

    /// <summary>Runs <paramref name="work"/> in a transaction with retries; an arithmetic overflow anywhere in it (every
    /// sum is checked) fails the operation with <c>amount_out_of_range</c> instead of storing a wrapped figure.</summary>
    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await InTransactionCoreAsync(work, ct);
        }
        catch (OverflowException)
        {
            throw new DomainException("amount_out_of_range", "The obligation's amounts would no longer fit in 64-bit minor units; nothing was booked.", "amount");
        }
    }

    private async Task<T> InTransactionCoreAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work();
                await transaction.CommitAsync(ct);
                db.ChangeTracker.Clear(); // what the posting read is stale once committed; keeps long-lived contexts small
                return result;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e))
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt * attempt), db.Clock, ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }
    }

    /// <summary>Worth a retry: a deadlock or serialization failure, a busy SQLite database, or a unique violation (two
    /// requests racing with the same idempotency key: the retry finds the first one's payment).</summary>
    private static bool IsTransient(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case PostgresException pg when pg.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation:
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                case SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }:
                    return true;
                case DbException:
                    return false;
            }
        }

        return false;
    }
}

/// <summary>The same idempotency key was used with a different request body (HTTP 409).</summary>
public sealed class IdempotencyConflictException(string key, long paymentId)
    : ConflictException(MismatchCode, $"The Idempotency-Key was already used for payment {paymentId} with a different request body.", "Idempotency-Key")
{
    public const string MismatchCode = "idempotency_mismatch";

    public string Key { get; } = key;

    public long PaymentId { get; } = paymentId;
}
