using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Data;

public sealed class PersistenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_obligation_with_its_schedule_round_trips_exactly(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long obligationId;
        await using (var db = database.Context())
        {
            var debtor = NewDebtor("D1");
            db.Debtors.Add(debtor);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            var obligation = Obligation.Create(FrenchTerms("O1"), debtor.Id, Now);
            obligation.GenerateSchedule();
            db.Obligations.Add(obligation);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            obligationId = obligation.Id;
        }

        await using (var db = database.Context())
        {
            var stored = await db.Obligations.Include(o => o.Installments).SingleAsync(o => o.Id == obligationId, TestContext.Current.CancellationToken);
            stored.Principal.ShouldBe(Money.Of(10_000_000m, Currency.COP));
            stored.AnnualRateEa.ShouldBe(0.18m);
            stored.Amortization.ShouldBe(Amortization.French);
            stored.Installments.Count.ShouldBe(12);
            stored.Installments.Sum(i => i.PrincipalMinor).ShouldBe(1_000_000_000L);
            stored.Installments.OrderBy(i => i.Number).First().InterestMinor.ShouldBe(13_888_430L);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_create_and_update_is_audited_with_actor_before_and_after(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var actor = new FixedActor("user:42:ana@example.com", "127.0.0.1");
        var clock = new FakeTimeProvider(Now);
        long debtorId;
        await using (var db = database.Context(actor, clock))
        {
            var debtor = NewDebtor("D1");
            db.Debtors.Add(debtor);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            debtorId = debtor.Id;
        }

        await using (var db = database.Context(actor, clock))
        {
            var debtor = await db.Debtors.SingleAsync(d => d.Id == debtorId, TestContext.Current.CancellationToken);
            debtor.Update(debtor.ToData() with { City = "Medellín" }, Now);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using (var db = database.Context())
        {
            var entries = await db.AuditEntries.Where(a => a.EntityType == nameof(Debtor)).OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken);
            entries.Select(e => e.Action).ShouldBe(["create", "update"]);
            entries.ShouldAllBe(e => e.Actor == actor.Name && e.Source == "127.0.0.1" && e.At == Now && e.EntityId == debtorId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            entries[0].Before.ShouldBeNull();
            entries[1].Before!.ShouldContain("Bogotá");
            entries[1].After!.ShouldContain("Medellín");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_refuses_to_update_or_delete_a_ledger_entry(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context();
        var debtor = NewDebtor("D1");
        db.Debtors.Add(debtor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var obligation = Obligation.Create(FrenchTerms("O1"), debtor.Id, Now);
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.LedgerEntries.Add(LedgerEntry.Create(obligation.Id, LedgerEntryKind.Disbursement, LedgerComponent.Principal, obligation.Principal, obligation.IssueDate, obligation.IssueDate, "test", Now));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        // Bypass EF's own guard: the database itself must refuse.
        await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE ledger_entries SET amount_minor = 1", TestContext.Current.CancellationToken));
        await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM ledger_entries", TestContext.Current.CancellationToken));
        (await db.LedgerEntries.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_concurrent_update_of_the_same_debtor_is_refused(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long id;
        await using (var db = database.Context())
        {
            var debtor = NewDebtor("D1");
            db.Debtors.Add(debtor);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            id = debtor.Id;
        }

        await using var first = database.Context();
        await using var second = database.Context();
        var a = await first.Debtors.SingleAsync(d => d.Id == id, TestContext.Current.CancellationToken);
        var b = await second.Debtors.SingleAsync(d => d.Id == id, TestContext.Current.CancellationToken);
        a.Update(a.ToData() with { City = "Cali" }, Now);
        b.Update(b.ToData() with { City = "Pasto" }, Now);
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Synchronous_save_audits_in_one_transaction_without_going_through_the_asynchronous_path(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var counter = new SaveCounter();
        var options = new DbContextOptionsBuilder<CarteraDbContext>(CarteraDatabase.Options(database.Options)).AddInterceptors(counter).Options;
        await using (var db = new CarteraDbContext(options, new FixedActor("user:7:sync@example.com", null), new FakeTimeProvider(Now)))
        {
            db.Debtors.Add(NewDebtor("SYNC-1"));
            db.SaveChanges();
        }

        counter.Synchronous.ShouldBe(2); // the change, then its audit
        counter.Asynchronous.ShouldBe(0);
        await using (var db = database.Context())
        {
            var audit = await db.AuditEntries.SingleAsync(a => a.EntityType == nameof(Debtor), TestContext.Current.CancellationToken);
            audit.Actor.ShouldBe("user:7:sync@example.com");
            audit.EntityId.ShouldNotBe("0");
        }
    }

    private sealed class SaveCounter : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public int Synchronous { get; private set; }

        public int Asynchronous { get; private set; }

        public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> SavingChanges(Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result)
        {
            Synchronous++;
            return result;
        }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Asynchronous++;
            return ValueTask.FromResult(result);
        }
    }

    internal static Debtor NewDebtor(string externalId) => Debtor.Create(
        new DebtorData(externalId, PartyKind.Person, IdentityDocument.Parse(IdType.CC, "1020304050"), "Ana María Pérez", new DateOnly(1985, 4, 2), "CO", "Cundinamarca", "Bogotá", "Calle 1 # 2-3", null, "es", null),
        Now);

    internal static ObligationTerms FrenchTerms(string externalId) => new(
        externalId, ObligationKind.Loan, "consumo", Money.Of(10_000_000m, Currency.COP), new DateOnly(2026, 1, 15), 0.18m, null, 12,
        PaymentFrequency.Monthly, Amortization.French, new DateOnly(2026, 2, 15), "Bogotá Centro");
}
