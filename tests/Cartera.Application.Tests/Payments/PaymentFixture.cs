using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Payments;

/// <summary>
/// A database with one debtor and obligations of four monthly installments of {principal 900.00, interest 100.00}
/// due 2026-01-15 … 2026-04-15, contract arrears rate 30 % EA under a 24.36 % cap. The clock reads 2026-03-20 in
/// Bogotá, so with no closed date the business date is 2026-03-20.
/// </summary>
internal sealed class PaymentFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = new(2026, 3, 20);
    public static readonly DateOnly[] DueDates = [new(2026, 1, 15), new(2026, 2, 15), new(2026, 3, 15), new(2026, 4, 15)];

    private readonly List<CarteraDbContext> _contexts = [];
    private int _keys;

    private PaymentFixture(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; } = new(Now);

    public long DebtorId { get; private set; }

    public static async Task<PaymentFixture> CreateAsync(string provider)
    {
        var fixture = new PaymentFixture(await TestDatabase.CreateAsync(provider));
        await using var db = fixture.Database.Context(FixedActor.System, fixture.Clock);
        db.UsuryCaps.Add(new UsuryCapRow { Jurisdiction = "CO", Modality = CapModalities.ConsumerAndOrdinary, ValidFrom = new(2025, 1, 1), ValidTo = new(2027, 12, 31), UsuryEa = 0.2436m, Source = "test" });
        var debtor = Debtor.Create(
            new DebtorData("D-1", PartyKind.Person, IdentityDocument.Parse(IdType.CC, "1020304050"), "Ana Pérez", new DateOnly(1985, 4, 12), "CO", null, "Bogotá", "Calle 1", null, "es", null),
            Now);
        db.Debtors.Add(debtor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        fixture.DebtorId = debtor.Id;
        return fixture;
    }

    public CarteraDbContext Db()
    {
        var db = Database.Context(new FixedActor("user:test", "test"), Clock);
        _contexts.Add(db);
        return db;
    }

    public PaymentPosting Posting() => new(Db());

    public Task<long> AddObligationAsync(string externalId, string product = "consumo", decimal? arrearsEa = 0.30m) =>
        AddObligationAsync(externalId, product, arrearsEa, DueDates);

    /// <summary>An obligation of <paramref name="installments"/> monthly installments of {900.00, 100.00} from 2026-01-15 on.</summary>
    public Task<long> AddLongObligationAsync(string externalId, string product, int installments) =>
        AddObligationAsync(externalId, product, 0.30m, Enumerable.Range(0, installments).Select(k => DueDates[0].AddMonths(k)).ToArray());

    private async Task<long> AddObligationAsync(string externalId, string product, decimal? arrearsEa, DateOnly[] dueDates)
    {
        await using var db = Database.Context(FixedActor.System, Clock);
        var terms = new ObligationTerms(externalId, ObligationKind.Loan, product, Money.Of(900m * dueDates.Length, Currency.COP), new DateOnly(2025, 12, 15), 0.12m, arrearsEa, dueDates.Length, PaymentFrequency.Monthly, Amortization.French, dueDates[0], null);
        var obligation = Obligation.Create(terms, DebtorId, Now);
        obligation.UseImportedSchedule(dueDates.Select((d, k) => new PlannedInstallment(k + 1, d, Money.Of(900m, Currency.COP), Money.Of(100m, Currency.COP), Money.Zero(Currency.COP), Money.Zero(Currency.COP))).ToList());
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.LedgerEntries.Add(LedgerEntry.Create(obligation.Id, LedgerEntryKind.Disbursement, LedgerComponent.Principal, obligation.Principal, terms.IssueDate, terms.IssueDate, "system", Now));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return obligation.Id;
    }

    public PostPaymentCommand Command(long obligationId, decimal amount, DateOnly? receivedOn = null, string? key = null, string currency = "COP") =>
        new(obligationId, amount, currency, receivedOn ?? Today, PaymentChannel.Bank, "ref-1", key ?? "key-" + Interlocked.Increment(ref _keys));

    public async Task SetBusinessDateAsync(DateOnly current)
    {
        await using var db = Database.Context(FixedActor.System, Clock);
        db.BusinessDays.Add(new BusinessDay { Date = current.AddDays(-1), Status = BusinessDayStatus.Closed, OpenedAt = Now, ClosedAt = Now, RunBy = "test" });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Paid columns of every installment: (principal, interest, insurance, other) by number.</summary>
    public async Task<List<(int, long, long, long, long)>> PaidAsync(long obligationId)
    {
        await using var db = Database.Context();
        return (await db.Installments.AsNoTracking().Where(i => i.ObligationId == obligationId).OrderBy(i => i.Number).ToListAsync(TestContext.Current.CancellationToken))
            .Select(i => (i.Number, i.PrincipalPaidMinor, i.InterestPaidMinor, i.InsurancePaidMinor, i.OtherPaidMinor)).ToList();
    }

    public async Task<List<LedgerEntry>> LedgerAsync(long obligationId)
    {
        await using var db = Database.Context();
        return await db.LedgerEntries.AsNoTracking().Where(e => e.ObligationId == obligationId).OrderBy(e => e.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The end-of-day position from the stored ledger, as close-of-day would compute it.</summary>
    public async Task<ObligationPosition> PositionAsync(long obligationId, DateOnly date)
    {
        await using var db = Database.Context();
        var loaded = await new DelinquencyFactsLoader(db).LoadAsync(obligationId, TestContext.Current.CancellationToken);
        var rates = new ArrearsRateSource(await new CapTableStore(db).LoadAsync("CO", TestContext.Current.CancellationToken));
        return PositionCalculator.EndOfDay(loaded.Facts, loaded.Settings.CapModality, rates, date);
    }

    public static List<(int, long, long, long, long, long, long, long)> Shape(ObligationPosition p) =>
        [.. p.Installments.Select(i => (i.Number, i.PrincipalSettled, i.InterestSettled, i.ArrearsSettled, i.FeesSettled, i.ArrearsAccrued, i.TotalOutstanding, p.CreditBalance))];

    public async ValueTask DisposeAsync()
    {
        foreach (var db in _contexts)
        {
            await db.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
