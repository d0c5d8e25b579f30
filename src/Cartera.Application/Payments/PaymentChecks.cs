using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Payments;

/// <summary>The checks of a payment (RULES §5), shared by the single posting and the set-wise file import.</summary>
public static class PaymentChecks
{
    /// <summary>Checks what needs no database: key, amount, currency, reference. Returns the amount in minor units and the request hash.</summary>
    public static (Money Amount, string Hash) Validate(PostPaymentCommand command)
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

    /// <summary>The rules of the obligation and its product: not cancelled, same currency, value date inside the product's
    /// back-dating and future windows around the business date, amount within the product's maximum. Throws the first
    /// broken one.</summary>
    public static void EnsurePostable(ObligationState state, DateOnly receivedOn, Money amount)
    {
        if (PostableErrors(state, receivedOn, amount).FirstOrDefault() is { } error)
        {
            throw error;
        }
    }

    /// <summary>Every rule of <see cref="EnsurePostable"/> that the payment breaks, in that order (a file import reports them all).</summary>
    public static IEnumerable<DomainException> PostableErrors(ObligationState state, DateOnly? receivedOn, Money? amount)
    {
        var obligation = state.Obligation;
        if (obligation.Status == ObligationStatus.Cancelled)
        {
            yield return new DomainException("obligation_cancelled", $"Obligation {obligation.Id} is cancelled; it takes no payments.", "obligation_id");
        }

        if (amount is { } a && a.Currency.Code != obligation.CurrencyCode)
        {
            yield return new DomainException("currency_mismatch", $"Obligation {obligation.Id} is in {obligation.CurrencyCode}, the payment in {a.Currency.Code}.", "currency");
        }

        var business = state.Business;
        if (receivedOn < business.AddDays(-state.Settings.BackdateWindowDays))
        {
            yield return new DomainException(
                "outside_window",
                $"The value date {receivedOn:yyyy-MM-dd} is more than {state.Settings.BackdateWindowDays} days before the business date {business:yyyy-MM-dd} (product {obligation.Product}).",
                "received_on");
        }

        if (receivedOn > business.AddDays(state.Settings.FutureWindowDays))
        {
            yield return new DomainException(
                "outside_window",
                $"The value date {receivedOn:yyyy-MM-dd} is more than {state.Settings.FutureWindowDays} days after the business date {business:yyyy-MM-dd} (product {obligation.Product}).",
                "received_on");
        }

        if (amount is { } m && m.MinorUnits > state.Settings.MaxAmountMinor(m.Currency))
        {
            yield return MaxError(m, state.Settings);
        }
    }

    /// <summary>Refuses an amount above the product's largest payment for its currency (<c>amount_too_large</c>).</summary>
    public static void EnsureWithinMax(Money amount, ProductSettings settings)
    {
        if (amount.MinorUnits > settings.MaxAmountMinor(amount.Currency))
        {
            throw MaxError(amount, settings);
        }
    }

    private static DomainException MaxError(Money amount, ProductSettings settings) =>
        new("amount_too_large", $"{amount} is more than the largest amount allowed for one payment or refund ({Money.FromMinorUnits(settings.MaxAmountMinor(amount.Currency), amount.Currency)}, product {settings.Code}).", "amount");

    /// <summary>
    /// What a new payment would leave held for the debtor, when that is more than the product allows: the credit balance
    /// now, plus pending payments (<paramref name="pendingMinor"/>), plus this one, against the payoff amount (everything
    /// the obligation still owes, due or not, at the later of the value date and the business date, before interest
    /// relief) plus <see cref="ProductSettings.ExcessCreditBalanceInstallments"/> × the largest scheduled installment.
    /// Null when within. Every sum is checked.
    /// </summary>
    public static (long Held, long Ceiling)? ExcessCreditBalance(ObligationState state, long pendingMinor, long amountMinor, DateOnly valueDate, ArrearsRateSource rates)
    {
        var at = valueDate > state.Business ? valueDate : state.Business;
        var (owed, position) = Payoff(state, at, rates);
        long largest = 0;
        foreach (var i in state.Installments)
        {
            largest = Math.Max(largest, checked(i.PrincipalMinor + i.InterestMinor + i.InsuranceMinor + i.OtherMinor));
        }

        var held = checked(Math.Max(0, position.CreditBalance) + pendingMinor + amountMinor);
        var ceiling = checked(owed + decimal.ToInt64(decimal.Ceiling(state.Settings.ExcessCreditBalanceInstallments * largest)));
        return held > ceiling ? (held, ceiling) : null;
    }

    /// <summary>
    /// The payoff amount of an obligation on <paramref name="at"/>: everything it still owes, due or not (every
    /// installment's outstanding principal, interest, insurance, other, fees and arrears interest), before that day's
    /// accrual and interest relief; with the position it comes from. Checked sums.
    /// </summary>
    public static (long Owed, ObligationPosition Position) Payoff(ObligationState state, DateOnly at, ArrearsRateSource rates)
    {
        ArgumentNullException.ThrowIfNull(state);
        return PayoffOf(state.Facts(_ => true), state.Settings.CapModality, rates, at);
    }

    /// <summary>The payoff amount of an obligation on <paramref name="at"/> from its facts (every ledger line).</summary>
    public static (long Owed, ObligationPosition Position) PayoffOf(ObligationFacts facts, string capModality, ArrearsRateSource rates, DateOnly at)
    {
        var position = PositionCalculator.BeforeAccrual(facts, capModality, rates, at);
        long owed = 0;
        foreach (var i in position.Installments)
        {
            owed = checked(owed + i.TotalOutstanding);
        }

        return (owed, position);
    }

    /// <summary>The sum of the amounts, checked.</summary>
    public static long Sum(IEnumerable<long> amounts)
    {
        long sum = 0;
        foreach (var a in amounts)
        {
            sum = checked(sum + a);
        }

        return sum;
    }

    /// <summary>The error of a payment that would leave an unconfirmed excess credit balance.</summary>
    public static DomainException ExcessError(ObligationState state, (long Held, long Ceiling) over, Currency currency) => new(
        "excess_credit_balance",
        $"This payment would leave {Money.FromMinorUnits(over.Held, currency)} held for the debtor, more than the payoff amount plus {state.Settings.ExcessCreditBalanceInstallments} installment(s) ({Money.FromMinorUnits(over.Ceiling, currency)}); a supervisor must confirm it.",
        "amount");

    public static Money AmountIn(decimal amount, string currency, string obligationCurrency)
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
}
