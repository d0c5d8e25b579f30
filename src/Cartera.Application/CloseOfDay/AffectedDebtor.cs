namespace Cartera.Application.CloseOfDay;

/// <summary>A debtor whose lines booked since the last close reach back to <see cref="From"/> (a closed date).</summary>
internal sealed class AffectedDebtor
{
    public long DebtorId { get; set; }

    public DateOnly From { get; set; }
}
