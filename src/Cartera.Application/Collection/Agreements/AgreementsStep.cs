using Cartera.Application.CloseOfDay;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Agreements;

/// <summary>
/// Close-of-day step 8, order 1 (after the promises; DESIGN §5): books and monitors agreements as of the date
/// (RULES §14). First each <c>approved</c> agreement dated on or before the date: once its down payment is posted —
/// its original obligations owe at most the financed F at the end of the date — it is booked on the date; when it is
/// not and A plus the agreement's grace is before the date, it is <c>broken</c> (lapsed) and its concessions undone
/// (<see cref="AgreementLedger.SettleDownPaymentAsync"/>). Then each <c>active</c> agreement booked before the date: the
/// agreement obligation's position at the end of the date (<see cref="AgreementMonitor"/>): every installment paid →
/// <c>completed</c>; an installment still unpaid more than the grace after its due date → <c>broken</c>, with the
/// forgiven amounts reinstated when the agreement says so (<see cref="AgreementLedger.BreakAsync"/>); otherwise it
/// stays active. One transaction per agreement; an agreement past the status a pass reads is not read again, so a
/// re-run of the date (after a crash) changes nothing. The status of an agreement on any closed date follows from its
/// <c>booked_on</c>, <c>broken_on</c> and <c>completed_on</c> (<see cref="AgreementQueries.StatusOn"/>).
/// </summary>
public sealed class AgreementsStep : ICloseOfDayStep
{
    public int Number => 8;

    public int Order => 1;

    public string Name => CloseOfDaySteps.Agreements;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (db, date) = (context.Db, context.Date);
        var ledger = new AgreementLedger(db, context.Clock);
        long booked = 0, lapsed = 0, broken = 0, completed = 0, evaluated = 0;
        var held = new List<long>();

        var waiting = await db.PaymentAgreements.AsNoTracking()
            .Where(a => a.Status == AgreementStatus.Approved && a.AgreementObligationId == null && a.AgreementDate <= date)
            .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var id in waiting)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var agreement = await db.PaymentAgreements.SingleAsync(a => a.Id == id, cancellationToken);
            try
            {
                switch (await ledger.SettleDownPaymentAsync(agreement, date, cancellationToken))
                {
                    case DownPaymentOutcome.Booked:
                        booked++;
                        break;
                    case DownPaymentOutcome.Lapsed:
                        lapsed++;
                        break;
                }
            }
            catch (Exception e) when (e is ConflictException or DomainException)
            {
                // One agreement that cannot be booked (its originals changed otherwise) does not stop the close:
                // it stays approved, named in the step's outcome, and is tried again the next day.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                held.Add(id);
                continue;
            }

            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            evaluated++;
            context.Report(CloseOfDaySteps.Agreements, 0, 1, evaluated);
        }

        var ids = await db.PaymentAgreements.AsNoTracking()
            .Where(a => a.Status == AgreementStatus.Active && a.AgreementObligationId != null && a.BookedOn < date)
            .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var agreement = await db.PaymentAgreements.SingleAsync(a => a.Id == id, cancellationToken);
            var obligationId = agreement.AgreementObligationId!.Value;
            var position = (await ledger.PositionsAsync(agreement.DebtorId, [obligationId], date, cancellationToken)).Single();
            switch (AgreementMonitor.Evaluate(position.Installments, agreement.GraceDays, date))
            {
                case AgreementOutcome.Broken:
                    await ledger.BreakAsync(agreement, date, cancellationToken);
                    broken++;
                    break;
                case AgreementOutcome.Completed:
                    agreement.Status = AgreementStatus.Completed;
                    agreement.CompletedOn = date;
                    await db.SaveChangesAsync(cancellationToken);
                    completed++;
                    break;
            }

            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            evaluated++;
            context.Report(CloseOfDaySteps.Agreements, 0, 1, evaluated);
        }

        return new CloseOfDayStepOutcome(evaluated, $"{evaluated} agreement(s) read: {booked} booked after their down payment, {lapsed} lapsed without it, {broken} broken, {completed} completed"
            + (held.Count == 0 ? string.Empty : $"; not booked, their obligations changed: {string.Join(", ", held)}"));
    }
}
