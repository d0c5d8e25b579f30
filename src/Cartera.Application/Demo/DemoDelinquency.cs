using Cartera.Domain.Portfolio;

namespace Cartera.Application.Demo;

/// <summary>The due amount and the paid amount of one installment, in minor units, as DPD needs them.</summary>
public readonly record struct InstallmentState(DateOnly DueDate, long DueMinor, long PaidMinor);

/// <summary>
/// Days past due and aging buckets of RULES §2, computed in memory. The demo uses it to report what it generated;
/// close-of-day computes the same thing set-based over the database.
/// </summary>
public static class DemoDelinquency
{
    public const string Current = "current";

    /// <summary>The default buckets, in order: current, 1-30, 31-60, 61-90, 91-120, 121-180, 181-360, 360+.</summary>
    public static readonly IReadOnlyList<string> Buckets = [Current, "1-30", "31-60", "61-90", "91-120", "121-180", "181-360", "360+"];

    /// <summary>
    /// DPD on <paramref name="asOf"/> = asOf − due date of the oldest installment due on or before asOf with any unpaid
    /// amount; 0 when there is none.
    /// </summary>
    public static int DaysPastDue(IEnumerable<InstallmentState> installments, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(installments);
        DateOnly? oldest = null;
        foreach (var i in installments)
        {
            if (i.DueDate <= asOf && i.PaidMinor < i.DueMinor && (oldest is null || i.DueDate < oldest))
            {
                oldest = i.DueDate;
            }
        }

        return oldest is { } due ? asOf.DayNumber - due.DayNumber : 0;
    }

    public static int DaysPastDue(IEnumerable<Installment> installments, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(installments);
        return DaysPastDue(installments.Select(i => new InstallmentState(i.DueDate, i.TotalDueMinor, i.TotalPaidMinor)), asOf);
    }

    /// <summary>The bucket label of a DPD value.</summary>
    public static string Bucket(int daysPastDue) => daysPastDue switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(daysPastDue), "Days past due cannot be negative."),
        0 => Current,
        <= 30 => "1-30",
        <= 60 => "31-60",
        <= 90 => "61-90",
        <= 120 => "91-120",
        <= 180 => "121-180",
        <= 360 => "181-360",
        _ => "360+",
    };

    /// <summary>The inclusive DPD range of a bucket label (360+ is open-ended: returns int.MaxValue as its end).</summary>
    public static (int From, int To) Range(string bucket) => bucket switch
    {
        Current => (0, 0),
        "1-30" => (1, 30),
        "31-60" => (31, 60),
        "61-90" => (61, 90),
        "91-120" => (91, 120),
        "121-180" => (121, 180),
        "181-360" => (181, 360),
        "360+" => (361, int.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Unknown bucket."),
    };
}
