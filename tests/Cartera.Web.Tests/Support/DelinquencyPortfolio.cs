using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Support;

/// <summary>
/// Portfolio data for the delinquency views: debtors, loans with payments, a cap row, and closed dates whose snapshots are
/// computed by the domain (through <see cref="DelinquencyExplainer"/>) the way close-of-day would — the views read them.
/// </summary>
internal static class DelinquencyPortfolio
{
    public static readonly DateTimeOffset At = new(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);

    public static async Task<Debtor> AddDebtorAsync(CarteraDbContext db, string externalId, string fullName, string idNumber)
    {
        var debtor = Debtor.Create(
            new DebtorData(externalId, PartyKind.Person, IdentityDocument.Parse(IdType.CC, idNumber), fullName, new DateOnly(1985, 4, 12), "CO", null, "Bogotá", "Calle 10 # 20-30", null, "es", null),
            At);
        db.Debtors.Add(debtor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return debtor;
    }

    /// <summary>A 12-month French loan issued 2025-12-15 (first due 2026-01-15) with its disbursement.</summary>
    public static async Task<Obligation> AddLoanAsync(CarteraDbContext db, long debtorId, string externalId, decimal principal, string product = "consumo", string branch = "Bogotá Centro", decimal? arrearsRate = null)
    {
        var terms = new ObligationTerms(
            externalId, ObligationKind.Loan, product, Money.Of(principal, Currency.COP), new DateOnly(2025, 12, 15), 0.24m, arrearsRate, 12,
            PaymentFrequency.Monthly, Amortization.French, new DateOnly(2026, 1, 15), branch);
        var obligation = Obligation.Create(terms, debtorId, At);
        obligation.GenerateSchedule();
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.LedgerEntries.Add(LedgerEntry.Create(obligation.Id, LedgerEntryKind.Disbursement, LedgerComponent.Principal, obligation.Principal, terms.IssueDate, terms.IssueDate, "system", At, description: "Desembolso"));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return obligation;
    }

    /// <summary>Pays installment <paramref name="number"/> in full (interest, then principal) on its due date.</summary>
    public static async Task PayInstallmentAsync(CarteraDbContext db, Obligation obligation, int number)
    {
        var installment = await db.Installments.AsNoTracking().SingleAsync(i => i.ObligationId == obligation.Id && i.Number == number, TestContext.Current.CancellationToken);
        foreach (var (component, minor) in new[] { (LedgerComponent.Interest, installment.InterestMinor), (LedgerComponent.Principal, installment.PrincipalMinor) })
        {
            db.LedgerEntries.Add(LedgerEntry.Create(
                obligation.Id, LedgerEntryKind.Payment, component, Money.FromMinorUnits(-minor, Currency.COP), installment.DueDate, installment.DueDate, "system", At, installmentNumber: number));
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The consumer cap for 2026 (24.36 % EA), so loans without a contract arrears rate accrue.</summary>
    public static async Task AddCapAsync(CarteraDbContext db)
    {
        db.UsuryCaps.Add(new UsuryCapRow
        {
            Jurisdiction = "CO",
            Modality = "consumo_ordinario",
            ValidFrom = new DateOnly(2025, 1, 1),
            ValidTo = new DateOnly(2026, 12, 31),
            UsuryEa = 0.2436m,
            BankingCurrentEa = 0.1624m,
            Source = "test",
            Verified = true,
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Closes <paramref name="date"/> with a snapshot of every obligation, computed by the domain.</summary>
    public static async Task CloseAsync(CarteraDbContext db, DateOnly date)
    {
        var explainer = new DelinquencyExplainer(db);
        var obligations = await db.Obligations.AsNoTracking().Where(o => o.Status != ObligationStatus.Cancelled).Select(o => new { o.Id, o.DebtorId }).ToListAsync(TestContext.Current.CancellationToken);
        foreach (var o in obligations)
        {
            var e = await explainer.ExplainAsync(o.Id, date, TestContext.Current.CancellationToken);
            var f = e.Figures;
            db.DelinquencySnapshots.Add(new DelinquencySnapshot
            {
                ObligationId = o.Id,
                BusinessDate = date,
                DebtorId = o.DebtorId,
                Product = e.Product,
                CurrencyCode = e.CurrencyCode,
                Dpd = f.DaysPastDue,
                Bucket = f.Bucket,
                OldestUnpaidDueDate = f.OldestUnpaidDueDate,
                OverduePrincipalMinor = f.OverduePrincipal,
                OverdueInterestMinor = f.OverdueInterest,
                OverdueInsuranceMinor = f.OverdueInsurance,
                OverdueOtherMinor = f.OverdueOther,
                ArrearsInterestMinor = f.ArrearsInterest,
                FeesMinor = f.Fees,
                TotalDueMinor = f.TotalDue,
                OutstandingPrincipalMinor = f.OutstandingPrincipal,
                CreditBalanceMinor = f.CreditBalance,
                OwnCategory = e.OwnCategory,
                Classification = e.Classification,
                ProvisionMinor = e.Provision,
                Ifrs9Stage = e.Ifrs9Stage,
                WriteOffProposed = e.WriteOffProposed,
                CapAssumed = e.CapAssumedMonths.Count > 0,
            });
        }

        db.BusinessDays.Add(new BusinessDay { Date = date, Status = BusinessDayStatus.Closed, OpenedAt = At, ClosedAt = At, RunBy = "test" });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Two debtors: Ana with a consumer loan paid through installment 1 (installment 2, due 2026-02-15, unpaid: 33 DPD on
    /// 2026-03-20) and a current one; Carlos with a loan never paid (64 DPD on 2026-03-20). Closes 2026-03-20.
    /// </summary>
    public static async Task<(Debtor Ana, Debtor Carlos, Obligation AnaLate, Obligation AnaCurrent, Obligation CarlosLoan)> SeedAsync(CarteraDbContext db)
    {
        await AddCapAsync(db);
        var ana = await AddDebtorAsync(db, "D-ANA", "Ana María Rojas", "52123456");
        var carlos = await AddDebtorAsync(db, "D-CARLOS", "Carlos Pérez", "79123456");
        var anaLate = await AddLoanAsync(db, ana.Id, "CR-0001", 12_000_000m);
        var anaCurrent = await AddLoanAsync(db, ana.Id, "CR-0002", 6_000_000m, branch: "Medellín");
        var carlosLoan = await AddLoanAsync(db, carlos.Id, "=CR-0003", 3_000_000m, product: "libranza", arrearsRate: 0.30m);
        await PayInstallmentAsync(db, anaLate, 1);
        foreach (var n in new[] { 1, 2, 3 })
        {
            await PayInstallmentAsync(db, anaCurrent, n);
        }

        await CloseAsync(db, new DateOnly(2026, 3, 20));
        return (ana, carlos, anaLate, anaCurrent, carlosLoan);
    }
}
