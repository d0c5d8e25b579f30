using Cartera.Application.Audit;
using Cartera.Application.Demo;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Demo;

public sealed class DemoPortfolioTests
{
    private static readonly DateOnly AsOf = new(2026, 3, 20);
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 22, 0, 0, TimeSpan.Zero);
    private static readonly FixedActor Actor = new("cli:test", "cli");

    private static Task<DemoResult> GenerateAsync(TestDatabase database, int debtors = 80, int seed = 7) =>
        new DemoPortfolio(database.Options, new FakeTimeProvider(Now), Actor)
            .GenerateAsync(new DemoOptions { Debtors = debtors, AsOf = AsOf, Seed = seed, BatchSize = 30 }, cancellationToken: TestContext.Current.CancellationToken);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_seed_gives_the_same_portfolio(string provider)
    {
        await using var first = await TestDatabase.CreateAsync(provider);
        await using var second = await TestDatabase.CreateAsync(provider);
        await GenerateAsync(first, seed: 42);
        await GenerateAsync(second, seed: 42);

        var a = await SnapshotAsync(first);
        var b = await SnapshotAsync(second);

        a.Count.ShouldBeGreaterThan(80);
        b.ShouldBe(a);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task At_the_as_of_date_there_are_current_obligations_and_obligations_in_every_past_due_bucket(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var result = await GenerateAsync(database, debtors: 40);

        await using var db = database.Context();
        var installments = await db.Installments.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        var byBucket = installments.GroupBy(i => i.ObligationId)
            .GroupBy(g => DemoDelinquency.Bucket(DemoDelinquency.DaysPastDue(g, AsOf)))
            .ToDictionary(g => g.Key, g => g.Count());

        foreach (var bucket in DemoDelinquency.Buckets)
        {
            byBucket.GetValueOrDefault(bucket).ShouldBeGreaterThan(0, $"bucket {bucket}");
            result.ObligationsByBucket[bucket].ShouldBe(byBucket[bucket], $"bucket {bucket}");
        }

        byBucket[DemoDelinquency.Current].ShouldBeGreaterThan(result.Obligations / 3);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_NIT_has_its_DIAN_check_digit_and_every_cedula_has_6_to_10_digits(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await GenerateAsync(database, debtors: 120);

        await using var db = database.Context();
        var debtors = await db.Debtors.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        var companies = debtors.Where(d => d.IdType == IdType.NIT).ToList();
        companies.ShouldNotBeEmpty();
        companies.ShouldAllBe(d => d.Kind == PartyKind.Company && d.IdCheckDigit == IdentityDocument.NitCheckDigit(d.IdNumber).ToString(System.Globalization.CultureInfo.InvariantCulture));
        companies.ShouldAllBe(d => IdentityDocument.Parse(IdType.NIT, d.IdNumber + "-" + d.IdCheckDigit).CheckDigit == d.IdCheckDigit);
        debtors.Where(d => d.IdType == IdType.CC).ShouldAllBe(d => d.IdNumber.Length >= 6 && d.IdNumber.Length <= 10 && d.IdNumber.All(char.IsAsciiDigit));
        debtors.ShouldAllBe(d => d.Country == "CO" && d.TimeZone == "America/Bogota" && d.Region != null && d.City != null);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_mobile_is_a_Colombian_mobile_of_10_digits_starting_with_3(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await GenerateAsync(database);

        await using var db = database.Context();
        var mobiles = await db.ContactPoints.AsNoTracking().Where(c => c.Channel == ContactChannel.Mobile).Select(c => c.Value).ToListAsync(TestContext.Current.CancellationToken);
        mobiles.Count.ShouldBeGreaterThan(50);
        mobiles.ShouldAllBe(m => ColombianData.IsMobile(m));
        var consents = await db.ConsentRecords.CountAsync(TestContext.Current.CancellationToken);
        consents.ShouldBeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_schedule_adds_up_to_the_principal_and_each_obligation_has_one_disbursement(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var result = await GenerateAsync(database);

        await using var db = database.Context();
        var obligations = await db.Obligations.AsNoTracking().Include(o => o.Installments).ToListAsync(TestContext.Current.CancellationToken);
        var ledger = await db.LedgerEntries.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        obligations.Count.ShouldBe(result.Obligations);
        ledger.Count.ShouldBe(result.LedgerEntries);

        // The demo closes the day before its as-of date: every obligation has a snapshot, and an obligation whose
        // installments due by then are all paid (arrears included) is current.
        result.ClosedDate.ShouldBe(AsOf.AddDays(-1));
        var snapshots = await db.DelinquencySnapshots.AsNoTracking().Where(s => s.BusinessDate == AsOf.AddDays(-1)).ToListAsync(TestContext.Current.CancellationToken);
        snapshots.Count.ShouldBe(obligations.Count);
        var paidByThen = obligations.Where(o =>
            o.Installments.Where(i => i.DueDate <= AsOf.AddDays(-1)).All(i => i.IsPaid)
            && ledger.Where(e => e.ObligationId == o.Id && e.Kind == LedgerEntryKind.Payment).All(e => e.ValueDate <= AsOf.AddDays(-1))).ToList();
        paidByThen.Count.ShouldBeGreaterThan(obligations.Count / 3);
        foreach (var o in paidByThen)
        {
            snapshots.Single(s => s.ObligationId == o.Id).Dpd.ShouldBe(0, o.ExternalId);
        }

        foreach (var o in obligations)
        {
            o.Installments.Sum(i => i.PrincipalMinor).ShouldBe(o.PrincipalMinor, o.ExternalId);
            var disbursements = ledger.Where(e => e.ObligationId == o.Id && e.Kind == LedgerEntryKind.Disbursement).ToList();
            disbursements.Count.ShouldBe(1, o.ExternalId);
            disbursements[0].AmountMinor.ShouldBe(o.PrincipalMinor);
            disbursements[0].ValueDate.ShouldBe(o.IssueDate);
            var paid = o.Installments.Sum(i => i.TotalPaidMinor);
            // The paid columns follow the payment lines of the schedule's components; late payers also paid arrears interest.
            ledger.Where(e => e.ObligationId == o.Id && e.Kind == LedgerEntryKind.Payment && e.Component != LedgerComponent.ArrearsInterest)
                .Sum(e => -e.AmountMinor).ShouldBe(paid, o.ExternalId);
            ledger.Where(e => e.ObligationId == o.Id && e.Component == LedgerComponent.ArrearsInterest)
                .ShouldAllBe(e => o.Installments.Single(i => i.Number == e.InstallmentNumber).DueDate < e.ValueDate, o.ExternalId);
            ledger.Where(e => e.ObligationId == o.Id && e.Kind == LedgerEntryKind.Payment).ShouldAllBe(e => e.AmountMinor < 0 && e.ValueDate <= AsOf);
            o.IssueDate.ShouldBeLessThan(AsOf);
            o.IssueDate.ShouldBeGreaterThanOrEqualTo(AsOf.AddMonths(-37));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Secured_products_carry_collateral_and_some_debtors_hold_several_obligations(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await GenerateAsync(database, debtors: 120);

        await using var db = database.Context();
        var obligations = await db.Obligations.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        var collateral = await db.Collaterals.AsNoTracking().Select(c => c.ObligationId).ToListAsync(TestContext.Current.CancellationToken);
        obligations.Where(o => o.Product is "vivienda" or "vehiculo").ShouldAllBe(o => collateral.Contains(o.Id));
        obligations.GroupBy(o => o.DebtorId).Count(g => g.Count() > 1).ShouldBeGreaterThan(0);
        obligations.Select(o => o.Product).Distinct().Count().ShouldBeGreaterThanOrEqualTo(6);
        (await db.ObligationParties.CountAsync(TestContext.Current.CancellationToken)).ShouldBeGreaterThan(0);
        (await db.InsurancePolicies.CountAsync(p => p.Type == InsuranceType.Life, TestContext.Current.CancellationToken)).ShouldBeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_second_demo_on_the_same_database_is_refused(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await GenerateAsync(database, debtors: 5);

        var error = await Should.ThrowAsync<DomainException>(() => GenerateAsync(database, debtors: 5));

        error.Code.ShouldBe("demo_exists");
    }

    private static async Task<List<string>> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.Context();
        var debtors = await db.Debtors.AsNoTracking().Include(d => d.ContactPoints).OrderBy(d => d.ExternalId).ToListAsync(TestContext.Current.CancellationToken);
        var obligations = await db.Obligations.AsNoTracking().Include(o => o.Installments).OrderBy(o => o.ExternalId).ToListAsync(TestContext.Current.CancellationToken);
        var lines = debtors.Select(d => string.Join('|', d.ExternalId, d.FullName, d.Document, d.City, d.Address, string.Join(',', d.ContactPoints.OrderBy(c => c.Value).Select(c => c.Value))));
        var ids = debtors.ToDictionary(d => d.Id, d => d.ExternalId);
        lines = lines.Concat(obligations.Select(o => string.Join(
            '|',
            o.ExternalId,
            ids[o.DebtorId],
            o.Product,
            o.PrincipalMinor,
            o.AnnualRateEa,
            o.IssueDate,
            o.Term,
            string.Join(',', o.Installments.OrderBy(i => i.Number).Select(i => $"{i.DueDate:yyyy-MM-dd}:{i.TotalPaidMinor}")))));
        return lines.ToList();
    }
}
