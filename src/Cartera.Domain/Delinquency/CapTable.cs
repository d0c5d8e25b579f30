using System.Collections.Concurrent;
using Cartera.Domain.Common;

namespace Cartera.Domain.Delinquency;

/// <summary>Modalities of the legal cap table. Colombia certifies consumer/ordinary and microcredit separately.</summary>
public static class CapModalities
{
    public const string ConsumerAndOrdinary = "consumo_ordinario";
    public const string Microcredit = "microcredito";
}

/// <summary>
/// One row of the dated legal-cap table (tasa de usura): in force from <see cref="ValidFrom"/> to <see cref="ValidTo"/>,
/// both inclusive, for a jurisdiction and modality, as an effective annual fraction, with its source and whether a
/// person verified it against the source.
/// </summary>
public sealed record UsuryCap(
    string Jurisdiction,
    string Modality,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    decimal UsuryEa,
    string Source,
    bool Verified)
{
    public bool Covers(DateOnly day) => ValidFrom <= day && day <= ValidTo;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Modality))
        {
            throw new DomainException("required", "A cap row names its modality.", "modality");
        }

        if (ValidTo < ValidFrom)
        {
            throw new DomainException("invalid_dates", $"valid_to {ValidTo:yyyy-MM-dd} is before valid_from {ValidFrom:yyyy-MM-dd}.", "valid_to");
        }

        if (UsuryEa is <= 0m or >= 10m || decimal.Round(UsuryEa, 12) != UsuryEa)
        {
            throw new DomainException("invalid_rate", "usury_ea is an effective annual fraction (0.2436 is 24.36 %), above 0, at most 12 decimals.", "usury_ea");
        }
    }
}

/// <summary>
/// The cap rows of one jurisdiction. Rows of the same modality never overlap; a day without a row has no cap
/// (which is an error only for an obligation whose contract leaves the arrears rate to the legal maximum).
/// </summary>
public sealed class CapTable
{
    private readonly Dictionary<string, UsuryCap[]> _byModality;

    /// <summary>Per modality, the days on which the cap may change (each row's start and the day after its end), sorted.</summary>
    private readonly Dictionary<string, DateOnly[]> _changes;

    public CapTable(IEnumerable<UsuryCap> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        foreach (var row in list)
        {
            row.Validate();
        }

        _byModality = list
            .GroupBy(r => r.Modality, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.ValidFrom).ToArray(), StringComparer.OrdinalIgnoreCase);

        foreach (var (modality, ordered) in _byModality)
        {
            for (var k = 1; k < ordered.Length; k++)
            {
                if (ordered[k].ValidFrom <= ordered[k - 1].ValidTo)
                {
                    throw new DomainException(
                        "overlapping_caps",
                        $"Cap rows of {modality} overlap: {ordered[k - 1].ValidFrom:yyyy-MM-dd}..{ordered[k - 1].ValidTo:yyyy-MM-dd} and {ordered[k].ValidFrom:yyyy-MM-dd}..{ordered[k].ValidTo:yyyy-MM-dd}.",
                        "valid_from");
                }
            }
        }

        _changes = _byModality.ToDictionary(
            pair => pair.Key,
            pair => pair.Value
                .SelectMany(r => r.ValidTo < DateOnly.MaxValue ? new[] { r.ValidFrom, r.ValidTo.AddDays(1) } : [r.ValidFrom])
                .Distinct().Order().ToArray(),
            StringComparer.OrdinalIgnoreCase);
    }

    public static CapTable Empty { get; } = new([]);

    public IEnumerable<UsuryCap> Rows => _byModality.Values.SelectMany(r => r);

    /// <summary>The row in force on <paramref name="day"/> for a modality, or null.</summary>
    public UsuryCap? CapOn(string modality, DateOnly day)
    {
        if (!_byModality.TryGetValue(modality, out var rows))
        {
            return null;
        }

        // Binary search for the last row starting on or before the day.
        int lo = 0, hi = rows.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (rows[mid].ValidFrom <= day)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && rows[found].Covers(day) ? rows[found] : null;
    }

    /// <summary>
    /// The cap to apply on <paramref name="day"/> for a modality: the row in force (<c>Assumed</c> false) or, on a day no
    /// row covers, the last row published before it carried forward (before the first row: the first row), with
    /// <c>Assumed</c> true. Null only when the modality has no row at all.
    /// </summary>
    public (UsuryCap? Row, bool Assumed) CapOrCarriedOn(string modality, DateOnly day)
    {
        if (!_byModality.TryGetValue(modality, out var rows) || rows.Length == 0)
        {
            return (null, false);
        }

        int lo = 0, hi = rows.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (rows[mid].ValidFrom <= day)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (found < 0)
        {
            return (rows[0], true);
        }

        return rows[found].Covers(day) ? (rows[found], false) : (rows[found], true);
    }

    /// <summary>Whether the table has any row of the modality.</summary>
    public bool HasModality(string modality) => _byModality.TryGetValue(modality, out var rows) && rows.Length > 0;

    /// <summary>
    /// The first day after <paramref name="day"/> on which the cap of the modality may change (a row's start or the day
    /// after a row's end), or null when it never changes again.
    /// </summary>
    public DateOnly? NextChangeAfter(string modality, DateOnly day)
    {
        if (!_changes.TryGetValue(modality, out var changes))
        {
            return null;
        }

        // Binary search for the first change point after the day.
        int lo = 0, hi = changes.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (changes[mid] > day)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo < changes.Length ? changes[lo] : null;
    }
}

/// <summary>
/// The arrears rate of one obligation day by day (RULES §3): min(contract arrears rate, cap in force that day); an empty
/// contract rate means the cap. Daily rates <c>(1 + EA)^(1/365) − 1</c> are cached per EA.
/// </summary>
public sealed class ArrearsRateSource
{
    private readonly CapTable _caps;
    // Shared by the threads that replay obligations with one rate source (property tests run samples in parallel).
    private readonly ConcurrentDictionary<decimal, decimal> _daily = new();

    public ArrearsRateSource(CapTable caps)
    {
        _caps = caps ?? throw new ArgumentNullException(nameof(caps));
    }

    public CapTable Caps => _caps;

    /// <summary>
    /// The effective annual arrears rate on a day, the cap row that bounded it (null when none did) and whether that cap
    /// was assumed. A day without a row of its own uses the last published row carried forward (RULES §3 as applied in
    /// docs/user/rates.md): it bounds a contract rate or stands in for the legal maximum, and the result is marked
    /// assumed. A modality without any row: a contract rate applies alone; an obligation left to the legal maximum
    /// accrues nothing on such days (Cartera never guesses a legal rate) and is marked assumed.
    /// </summary>
    public (decimal Ea, UsuryCap? Cap, bool Assumed) RateOn(decimal? contractEa, string modality, DateOnly day)
    {
        var (cap, assumed) = _caps.CapOrCarriedOn(modality, day);
        if (contractEa is null)
        {
            return cap is null ? (0m, null, true) : (cap.UsuryEa, cap, assumed);
        }

        return cap is not null && cap.UsuryEa < contractEa.Value ? (cap.UsuryEa, cap, assumed) : (contractEa.Value, null, false);
    }

    /// <summary>The daily rate of an effective annual rate (cached).</summary>
    public decimal Daily(decimal ea)
    {
        return _daily.GetOrAdd(ea, static rate => Rates.DailyFromEffectiveAnnual(rate));
    }
}
