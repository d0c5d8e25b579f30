using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Import;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.CloseOfDay;

/// <summary>Builds small portfolios for close-of-day tests: debtors, obligations with given schedules, payments, caps.</summary>
internal static class ClosePortfolio
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static int _documents = 10_000_000;

    public static CloseOfDayRunner Runner(TestDatabase database, int partitions = 4) =>
        new(database.Options, TimeProvider.System, FixedActor.System, new CloseOfDayOptions { Partitions = partitions, RunBy = "test" });

    public static async Task<long> DebtorAsync(CarteraDbContext db, string externalId, string country = "CO")
    {
        var number = Interlocked.Increment(ref _documents).ToString(CultureInfo.InvariantCulture);
        var debtor = Debtor.Create(
            new DebtorData(externalId, PartyKind.Person, IdentityDocument.Parse(IdType.CC, number), "Deudor " + externalId, null, country, null, null, null, null, "es", null),
            Now);
        db.Debtors.Add(debtor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return debtor.Id;
    }

    /// <summary>An obligation with an imported schedule of principal-only installments (amounts in pesos).</summary>
    public static async Task<long> ObligationAsync(CarteraDbContext db, long debtorId, string externalId, string product, decimal? arrearsEa, params (DateOnly Due, decimal Principal)[] installments)
    {
        var cop = Currency.COP;
        var total = installments.Sum(i => i.Principal);
        var terms = new ObligationTerms(
            externalId, ObligationKind.Loan, product, Money.Of(total, cop), installments[0].Due.AddMonths(-1), 0m, arrearsEa, installments.Length,
            PaymentFrequency.Monthly, Amortization.French, installments[0].Due, null);
        var obligation = Obligation.Create(terms, debtorId, Now);
        obligation.UseImportedSchedule(installments
            .Select((i, k) => new PlannedInstallment(k + 1, i.Due, Money.Of(i.Principal, cop), Money.Zero(cop), Money.Zero(cop), Money.Zero(cop)))
            .ToList());
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.LedgerEntries.Add(LedgerEntry.Create(obligation.Id, LedgerEntryKind.Disbursement, LedgerComponent.Principal, obligation.Principal, terms.IssueDate, terms.IssueDate, "test", Now));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return obligation.Id;
    }

    /// <summary>A payment line on one installment's component, booked on <paramref name="businessDate"/> with value date <paramref name="valueDate"/>.</summary>
    public static async Task PayAsync(CarteraDbContext db, long obligationId, int installment, decimal amount, DateOnly valueDate, DateOnly? businessDate = null, LedgerComponent component = LedgerComponent.Principal)
    {
        db.LedgerEntries.Add(LedgerEntry.Create(
            obligationId, LedgerEntryKind.Payment, component, Money.Of(-amount, Currency.COP), businessDate ?? valueDate, valueDate, "test", Now, installment));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static async Task CapAsync(CarteraDbContext db, DateOnly from, DateOnly to, decimal usuryEa, string modality = CapModalities.ConsumerAndOrdinary, string jurisdiction = "CO")
    {
        db.UsuryCaps.Add(new UsuryCapRow { Jurisdiction = jurisdiction, Modality = modality, ValidFrom = from, ValidTo = to, UsuryEa = usuryEa, Source = "test" });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<List<DelinquencySnapshot>> SnapshotsAsync(TestDatabase database, DateOnly? date = null)
    {
        await using var db = database.Context();
        var query = db.DelinquencySnapshots.AsNoTracking();
        if (date is { } d)
        {
            query = query.Where(s => s.BusinessDate == d);
        }

        return await query.OrderBy(s => s.BusinessDate).ThenBy(s => s.ObligationId).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Every snapshot as one line of text (all columns), for equality checks across databases.</summary>
    public static string Line(DelinquencySnapshot s) => string.Join('|',
        s.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.ObligationId, s.DebtorId, s.Product, s.CurrencyCode, s.Dpd, s.Bucket,
        s.OldestUnpaidDueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.OverduePrincipalMinor, s.OverdueInterestMinor, s.OverdueInsuranceMinor,
        s.OverdueOtherMinor, s.ArrearsInterestMinor, s.ArrearsAccruedTodayMinor, s.FeesMinor, s.TotalDueMinor, s.OutstandingPrincipalMinor,
        s.CreditBalanceMinor, s.OwnCategory, s.Classification, s.ProvisionMinor, s.Ifrs9Stage, s.WriteOffProposed);

    /// <summary>SHA-256 over every snapshot and every ledger line (ids, amounts, dates), in key order.</summary>
    public static async Task<string> ChecksumAsync(TestDatabase database)
    {
        var text = new StringBuilder();
        foreach (var s in await SnapshotsAsync(database))
        {
            text.AppendLine(Line(s));
        }

        await using var db = database.Context();
        foreach (var e in await db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync(TestContext.Current.CancellationToken))
        {
            text.AppendLine(string.Join('|', e.Id, e.ObligationId, e.Kind, e.Component, e.AmountMinor, e.InstallmentNumber, e.ValueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// A generated portfolio through the real importer: <paramref name="obligations"/> 12-month French loans spread over
    /// <paramref name="debtors"/> debtors, issued in 2025, plus payments on some installments (some partial, some late) so
    /// that DPD, arrears and buckets vary. Caps cover 2025–2026.
    /// </summary>
    public static async Task GenerateAsync(TestDatabase database, int debtors, int obligations, string folder)
    {
        Directory.CreateDirectory(folder);
        var ci = CultureInfo.InvariantCulture;
        var debtorsFile = Path.Combine(folder, "debtors.csv");
        var obligationsFile = Path.Combine(folder, "obligations.csv");
        await using (var w = new StreamWriter(debtorsFile))
        {
            await w.WriteLineAsync("debtor_id,kind,id_type,id_number,full_name,birth_date,country,region,city,address,mobile");
            for (var d = 1; d <= debtors; d++)
            {
                await w.WriteLineAsync(string.Create(ci, $"D{d},person,CC,{20_000_000 + d},Deudor {d},1980-01-01,CO,,,,"));
            }
        }

        await using (var w = new StreamWriter(obligationsFile))
        {
            await w.WriteLineAsync("obligation_id,debtor_id,kind,product,currency,issue_date,principal,annual_rate_ea,arrears_rate_ea,term,frequency,amortization,first_due_date,branch,co_debtor_ids");
            for (var n = 1; n <= obligations; n++)
            {
                var issue = new DateOnly(2025, 1, 1).AddDays(n % 200);
                var product = (n % 5) switch { 0 => "vivienda", 1 => "microcredito", _ => "consumo" };
                var arrears = n % 3 == 0 ? "0.30" : string.Empty;
                await w.WriteLineAsync(string.Create(ci, $"O{n},D{((n - 1) % debtors) + 1},loan,{product},COP,{issue:yyyy-MM-dd},{1_000_000 + (n % 17) * 250_000}.00,0.2{n % 7},{arrears},12,monthly,french,{issue.AddMonths(1):yyyy-MM-dd},,"));
            }
        }

        var importer = new PortfolioImporter(database.Options, TimeProvider.System, FixedActor.System);
        (await importer.ImportAsync(ImportKind.Debtors, debtorsFile, new ImportOptions { WriteErrorReport = false }, null, TestContext.Current.CancellationToken)).Succeeded.ShouldBeTrue();
        (await importer.ImportAsync(ImportKind.Obligations, obligationsFile, new ImportOptions { WriteErrorReport = false }, null, TestContext.Current.CancellationToken)).Succeeded.ShouldBeTrue();

        await using var db = database.Context();
        db.UsuryCaps.AddRange(
            new UsuryCapRow { Jurisdiction = "CO", Modality = CapModalities.ConsumerAndOrdinary, ValidFrom = new DateOnly(2025, 1, 1), ValidTo = new DateOnly(2025, 12, 31), UsuryEa = 0.2436m, Source = "test" },
            new UsuryCapRow { Jurisdiction = "CO", Modality = CapModalities.ConsumerAndOrdinary, ValidFrom = new DateOnly(2026, 1, 1), ValidTo = new DateOnly(2026, 12, 31), UsuryEa = 0.2520m, Source = "test" },
            new UsuryCapRow { Jurisdiction = "CO", Modality = CapModalities.Microcredit, ValidFrom = new DateOnly(2025, 1, 1), ValidTo = new DateOnly(2026, 12, 31), UsuryEa = 0.5500m, Source = "test" });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        // Payments: obligation n pays its first (n % 8) installments on their due date (every fourth one a few days late,
        // every seventh one only half of the last one paid).
        var schedules = await db.Installments.AsNoTracking().OrderBy(i => i.ObligationId).ThenBy(i => i.Number).ToListAsync(TestContext.Current.CancellationToken);
        var lines = new List<LedgerEntry>();
        foreach (var group in schedules.GroupBy(i => i.ObligationId))
        {
            var n = (int)(group.Key % 8);
            foreach (var i in group.Take(n))
            {
                var late = group.Key % 4 == 0 ? 3 : 0;
                var half = group.Key % 7 == 0 && i.Number == n;
                var value = i.DueDate.AddDays(late);
                var principal = half ? i.PrincipalMinor / 2 : i.PrincipalMinor;
                foreach (var (component, amount) in new[] { (LedgerComponent.Interest, i.InterestMinor), (LedgerComponent.Principal, principal) })
                {
                    if (amount > 0)
                    {
                        lines.Add(LedgerEntry.Create(i.ObligationId, LedgerEntryKind.Payment, component, Money.FromMinorUnits(-amount, Currency.COP), value, value, "test", Now, i.Number));
                    }
                }
            }
        }

        db.LedgerEntries.AddRange(lines);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
