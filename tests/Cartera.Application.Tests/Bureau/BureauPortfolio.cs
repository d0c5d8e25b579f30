using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Tests.Bureau;

/// <summary>Debtors with fixed documents and one-installment loans without interest, for bureau tests (their overdue amount is their principal).</summary>
internal static class BureauPortfolio
{
    public static readonly DateTimeOffset Created = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static Debtor NewDebtor(string id, IdType type, string number, string name, string country, DateOnly? birth = null, string? region = null, string? city = null, string? address = null) =>
        Debtor.Create(new DebtorData(id, PartyKind.Person, IdentityDocument.Parse(type, number), name, birth, country, region, city, address, null, "es", null), Created);

    /// <summary>Saves the debtor (when new) and a loan of one installment of <paramref name="principal"/> due on <paramref name="due"/>, issued a month before.</summary>
    public static async Task<long> LoanAsync(CarteraDbContext db, Debtor debtor, string externalId, string currencyCode, decimal principal, DateOnly due)
    {
        var ct = TestContext.Current.CancellationToken;
        if (debtor.Id == 0)
        {
            db.Debtors.Add(debtor);
            await db.SaveChangesAsync(ct);
        }

        var currency = Currency.Of(currencyCode);
        var issue = due.AddMonths(-1);
        var obligation = Obligation.Create(
            new ObligationTerms(externalId, ObligationKind.Loan, "consumo", Money.Of(principal, currency), issue, 0m, 0m, 1, PaymentFrequency.Monthly, Amortization.French, due, null),
            debtor.Id, Created);
        obligation.UseImportedSchedule([new PlannedInstallment(1, due, Money.Of(principal, currency), Money.Zero(currency), Money.Zero(currency), Money.Zero(currency))]);
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync(ct);
        db.LedgerEntries.Add(LedgerEntry.Create(obligation.Id, LedgerEntryKind.Disbursement, LedgerComponent.Principal, obligation.Principal, issue, issue, "test", Created));
        await db.SaveChangesAsync(ct);
        return obligation.Id;
    }
}
