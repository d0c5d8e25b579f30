using Cartera.Application.CloseOfDay;
using Cartera.Domain.Collection.Agreements;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Agreements;

/// <summary>
/// Close-of-day step 8, order 1 (after the promises; DESIGN §5): monitors the booked agreements as of the date
/// (RULES §14). For each <c>active</c> agreement booked on or before the date it reads the agreement obligation's
/// position at the end of the date (<see cref="AgreementMonitor"/>): every installment paid → <c>completed</c> on the
/// date; an installment still unpaid more than the agreement's grace after its due date → <c>broken</c> on the date,
/// with the forgiven amounts reinstated when the agreement says so (<see cref="AgreementLedger.BreakAsync"/>); otherwise
/// it stays active. One transaction per agreement; an agreement that is no longer active is not read again, so a re-run
/// of the date (after a crash) changes nothing. The status of an agreement on any closed date follows from its
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
        var ids = await db.PaymentAgreements.AsNoTracking()
            .Where(a => a.Status == AgreementStatus.Active && a.AgreementObligationId != null && a.BookedOn <= date)
            .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        var ledger = new AgreementLedger(db, context.Clock);
        long broken = 0, completed = 0, evaluated = 0;
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

        return new CloseOfDayStepOutcome(evaluated, $"{evaluated} agreement(s) monitored, {broken} broken, {completed} completed");
    }
}
