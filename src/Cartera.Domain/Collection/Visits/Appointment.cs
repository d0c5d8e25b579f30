using System.Globalization;
using Cartera.Domain.Common;

namespace Cartera.Domain.Collection.Visits;

/// <summary>Where an in-person appointment stands.</summary>
public enum AppointmentStatus
{
    Scheduled,
    Attended,
    Missed,
    Cancelled,
}

/// <summary>
/// An in-person appointment (cita presencial, seed 000: "en caso que el valor de la cartera sea alto, se debe contactar
/// el cliente y pactar una cita presencial"): the debtor, the date and time in the debtor's time zone, the place or
/// branch, the purpose and the status. Offered only above the currency's threshold (<see cref="AppointmentOffers"/>).
/// </summary>
public sealed class Appointment
{
    public const int MaxPlaceLength = 200;

    public const int MaxPurposeLength = 500;

    private Appointment()
    {
        TimeZone = string.Empty;
        Place = string.Empty;
        Purpose = string.Empty;
        CreatedBy = string.Empty;
    }

    public long Id { get; private set; }

    public long DebtorId { get; private set; }

    /// <summary>The date in the debtor's time zone.</summary>
    public DateOnly Date { get; private set; }

    /// <summary>The time of day in the debtor's time zone.</summary>
    public TimeOnly Time { get; private set; }

    /// <summary>The debtor's IANA time zone when it was scheduled (the date and time are read in it).</summary>
    public string TimeZone { get; private set; }

    public string Place { get; private set; }

    public string Purpose { get; private set; }

    public AppointmentStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Validates and schedules an appointment on or after the debtor's <paramref name="today"/>.</summary>
    /// <exception cref="DomainException"><c>required</c>, <c>too_long</c>, <c>invalid_date</c>.</exception>
    public static Appointment Schedule(long debtorId, DateOnly date, TimeOnly time, string timeZone, string place, string purpose, DateOnly today, string createdBy, DateTimeOffset at)
    {
        if (debtorId <= 0)
        {
            throw new DomainException("required", "The appointment needs a debtor.", "debtor_id");
        }

        if (date < today)
        {
            throw new DomainException("invalid_date", "An appointment cannot be scheduled for a past date.", "date");
        }

        return new Appointment
        {
            DebtorId = debtorId,
            Date = date,
            Time = time,
            TimeZone = string.IsNullOrWhiteSpace(timeZone) ? throw new DomainException("required", "The debtor's time zone is required.", "time_zone") : timeZone.Trim(),
            Place = Required(place, MaxPlaceLength, "place"),
            Purpose = Required(purpose, MaxPurposeLength, "purpose"),
            Status = AppointmentStatus.Scheduled,
            CreatedAt = at,
            CreatedBy = createdBy ?? string.Empty,
            UpdatedAt = at,
        };
    }

    /// <summary>Closes a scheduled appointment as attended, missed or cancelled.</summary>
    /// <exception cref="DomainException"><c>invalid_status</c>, <c>invalid_value</c>.</exception>
    public void Close(AppointmentStatus status, DateTimeOffset at)
    {
        if (Status != AppointmentStatus.Scheduled)
        {
            throw new DomainException("invalid_status", $"The appointment is {EnumCodes.ToCode(Status)}, not scheduled.", "status");
        }

        if (status is not (AppointmentStatus.Attended or AppointmentStatus.Missed or AppointmentStatus.Cancelled))
        {
            throw new DomainException("invalid_value", "An appointment closes as attended, missed or cancelled.", "status");
        }

        Status = status;
        UpdatedAt = at;
    }

    private static string Required(string? value, int max, string field)
    {
        var trimmed = (value ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            throw new DomainException("required", $"The {field} is required.", field);
        }

        return trimmed.Length > max ? throw new DomainException("too_long", $"The {field} is longer than {max.ToString(CultureInfo.InvariantCulture)} characters.", field) : trimmed;
    }
}

/// <summary>
/// The balance above which an in-person appointment is offered, per currency, in minor units (bounded: more than zero,
/// at most <see cref="MaxMinor"/>). A currency without one offers no appointment (fail closed).
/// </summary>
public sealed class AppointmentThreshold
{
    /// <summary>The largest threshold accepted: 10^15 minor units.</summary>
    public const long MaxMinor = 1_000_000_000_000_000;

    private AppointmentThreshold()
    {
        CurrencyCode = string.Empty;
        UpdatedBy = string.Empty;
    }

    public string CurrencyCode { get; private set; }

    public long MinimumBalanceMinor { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; }

    /// <exception cref="DomainException"><c>invalid_currency</c>, <c>out_of_range</c>.</exception>
    public static AppointmentThreshold Create(string currencyCode, long minimumBalanceMinor, string updatedBy, DateTimeOffset at)
    {
        if (!Currency.TryOf(currencyCode, out var currency))
        {
            throw new DomainException("invalid_currency", "Unknown currency.", "currency");
        }

        var threshold = new AppointmentThreshold { CurrencyCode = currency.Code };
        threshold.Update(minimumBalanceMinor, updatedBy, at);
        return threshold;
    }

    /// <exception cref="DomainException"><c>out_of_range</c>.</exception>
    public void Update(long minimumBalanceMinor, string updatedBy, DateTimeOffset at)
    {
        if (minimumBalanceMinor is <= 0 or > MaxMinor)
        {
            throw new DomainException("out_of_range", $"The threshold must be more than zero and at most {MaxMinor.ToString(CultureInfo.InvariantCulture)} minor units.", "minimum_balance");
        }

        MinimumBalanceMinor = minimumBalanceMinor;
        UpdatedBy = updatedBy ?? string.Empty;
        UpdatedAt = at;
    }
}

/// <summary>Why an appointment is or is not offered for one currency of the debtor's balance.</summary>
public enum AppointmentOfferReason
{
    /// <summary>The balance is above the currency's threshold: offered.</summary>
    AboveThreshold,

    /// <summary>The balance is at or below the threshold.</summary>
    BelowThreshold,

    /// <summary>No threshold is configured for the currency: not offered (fail closed).</summary>
    NoThreshold,

    /// <summary>The debtor owes nothing.</summary>
    NoBalance,
}

/// <summary>The answer for one currency.</summary>
public sealed record CurrencyOffer(string CurrencyCode, long BalanceMinor, long? ThresholdMinor, AppointmentOfferReason Reason)
{
    public bool Offered => Reason == AppointmentOfferReason.AboveThreshold;
}

/// <summary>Whether an appointment is offered to a debtor: offered when any currency's balance is above its threshold.</summary>
public sealed record AppointmentOffer(IReadOnlyList<CurrencyOffer> Currencies)
{
    public bool Offered => Currencies.Any(c => c.Offered);

    /// <summary>The reason shown: the offering currency's, else the first currency's, else <c>no_balance</c>.</summary>
    public AppointmentOfferReason Reason => Currencies.FirstOrDefault(c => c.Offered)?.Reason ?? (Currencies.Count > 0 ? Currencies[0].Reason : AppointmentOfferReason.NoBalance);
}

/// <summary>The rule of the offer: per currency, balance strictly above the configured threshold; no threshold → not offered.</summary>
public static class AppointmentOffers
{
    /// <param name="balances">The debtor's outstanding balance per currency (minor units).</param>
    /// <param name="thresholds">The configured thresholds per currency (minor units).</param>
    public static AppointmentOffer Decide(IReadOnlyDictionary<string, long> balances, IReadOnlyDictionary<string, long> thresholds)
    {
        ArgumentNullException.ThrowIfNull(balances);
        ArgumentNullException.ThrowIfNull(thresholds);
        var answers = balances.Where(b => b.Value > 0).OrderBy(b => b.Key, StringComparer.Ordinal).Select(b =>
        {
            if (!thresholds.TryGetValue(b.Key, out var threshold))
            {
                return new CurrencyOffer(b.Key, b.Value, null, AppointmentOfferReason.NoThreshold);
            }

            return new CurrencyOffer(b.Key, b.Value, threshold, b.Value > threshold ? AppointmentOfferReason.AboveThreshold : AppointmentOfferReason.BelowThreshold);
        }).ToList();
        return new AppointmentOffer(answers);
    }
}
