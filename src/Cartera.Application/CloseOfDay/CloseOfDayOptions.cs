namespace Cartera.Application.CloseOfDay;

/// <summary>Settings of the close-of-day (configuration section <c>CloseOfDay</c>).</summary>
public sealed record CloseOfDayOptions
{
    /// <summary>
    /// How many partitions (debtor-id ranges of about the same number of obligations) the snapshot step splits the
    /// portfolio into. Fixed, so the number of database commands of a close does not grow with the portfolio.
    /// </summary>
    public int Partitions { get; init; } = 32;

    /// <summary>A pause after each partition (testing only: lets the crash test kill a run in the middle).</summary>
    public TimeSpan PauseBetweenPartitions { get; init; } = TimeSpan.Zero;

    /// <summary>Who runs the close (stored on the business date): a user name, <c>cli</c>, <c>scheduler</c>.</summary>
    public string RunBy { get; init; } = "system";
}
