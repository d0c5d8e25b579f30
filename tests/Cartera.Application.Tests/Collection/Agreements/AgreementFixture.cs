using Cartera.Application.Data;
using Cartera.Application.Tests.CloseOfDay;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Collection.Agreements;

/// <summary>
/// An obligation whose position on 2026-03-20 is the RULES §14 test case: installment 1 (due 2026-02-15, unpaid)
/// 1,000,000 principal and 120,000 interest (OP, OI); installments 2 and 3 (due 2026-04-15 and 2026-05-15) 1,000,000
/// principal each (FP 2,000,000); arrears interest accrues on installment 1 from 2026-02-16 under a 30 % EA cap.
/// </summary>
internal static class AgreementFixture
{
    public static readonly DateOnly A = new(2026, 3, 20);

    public static async Task<(long DebtorId, long ObligationId)> RulesObligationAsync(CarteraDbContext db, string externalId = "ACU-1", long? debtorId = null)
    {
        var ct = TestContext.Current.CancellationToken;
        if (!await db.UsuryCaps.AnyAsync(ct))
        {
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.30m);
        }

        var debtor = debtorId ?? await ClosePortfolio.DebtorAsync(db, "D-" + externalId);
        var cop = Currency.COP;
        Money Cop(decimal amount) => Money.Of(amount, cop);
        var terms = new ObligationTerms(
            externalId, ObligationKind.Loan, "consumo", Cop(3_000_000m), new DateOnly(2026, 1, 15), 0.2m, null, 3,
            PaymentFrequency.Monthly, Amortization.French, new DateOnly(2026, 2, 15), null);
        var obligation = Obligation.Create(terms, debtor, ClosePortfolio.Now);
        obligation.UseImportedSchedule([
            new PlannedInstallment(1, new DateOnly(2026, 2, 15), Cop(1_000_000m), Cop(120_000m), Cop(0m), Cop(0m)),
            new PlannedInstallment(2, new DateOnly(2026, 4, 15), Cop(1_000_000m), Cop(0m), Cop(0m), Cop(0m)),
            new PlannedInstallment(3, new DateOnly(2026, 5, 15), Cop(1_000_000m), Cop(0m), Cop(0m), Cop(0m)),
        ]);
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync(ct);
        db.LedgerEntries.Add(LedgerEntry.Create(obligation.Id, LedgerEntryKind.Disbursement, LedgerComponent.Principal, obligation.Principal, terms.IssueDate, terms.IssueDate, "test", ClosePortfolio.Now));
        await db.SaveChangesAsync(ct);
        return (debtor, obligation.Id);
    }
}
