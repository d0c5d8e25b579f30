using Cartera.Application.Data;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// A step that another feature plugs into the close-of-day before the snapshots are computed — step 2, posting the
/// value-dated payments waiting for the date (payments: pending payments, then credit balances). The runner calls it
/// once per date with its own <see cref="CarteraDbContext"/> and records it as done afterwards, so the step must be
/// idempotent on its own (payment posting is, by idempotency key): a crash between its work and the progress row makes
/// the resumed run call it again.
/// </summary>
public interface ICloseOfDayStep
{
    /// <summary>The progress-table name of the step (<see cref="CloseOfDaySteps.PostPayments"/> for step 2).</summary>
    string Name { get; }

    Task<CloseOfDayStepOutcome> RunAsync(CarteraDbContext db, DateOnly businessDate, CancellationToken cancellationToken);
}

/// <summary>What a pluggable step did: how many items it handled and a sentence for the progress table.</summary>
public sealed record CloseOfDayStepOutcome(long Count, string Note);
