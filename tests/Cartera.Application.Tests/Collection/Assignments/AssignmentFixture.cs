using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Assignments;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Identity;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Tests.Collection.Assignments;

/// <summary>A migrated database with users in roles, debtors and optional snapshots of a closed date, and the assignment service over it.</summary>
internal sealed class AssignmentFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 12, 7);

    private int _documents;

    private AssignmentFixture(TestDatabase database)
    {
        Database = database;
        Clock.SetUtcNow(Now);
        Db = database.Context(Actor, Clock);
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; } = new();

    public FixedActor Actor { get; } = new("user:sup:supervisor@cartera.test", "test");

    public CarteraDbContext Db { get; }

    public AssignmentService Service => new(Db, Clock, Actor);

    public static async Task<AssignmentFixture> CreateAsync(string provider) => new(await TestDatabase.CreateAsync(provider));

    public async Task<string> AddUserAsync(string email, string role, bool locked = false)
    {
        var roleRow = await Db.Roles.FirstOrDefaultAsync(r => r.Name == role, Ct);
        if (roleRow is null)
        {
            roleRow = new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() };
            Db.Roles.Add(roleRow);
        }

        var user = new CarteraUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = email,
            LockoutEnd = locked ? Now.AddYears(100) : null,
        };
        Db.Users.Add(user);
        Db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleRow.Id });
        await Db.SaveChangesAsync(Ct);
        return user.Id;
    }

    /// <summary>Debtors D1…Dn (external ids with <paramref name="prefix"/>).</summary>
    public async Task<List<long>> AddDebtorsAsync(int count, string prefix = "D", string? segment = null)
    {
        var debtors = new List<Debtor>();
        for (var i = 1; i <= count; i++)
        {
            var n = (10_000_000 + (++_documents)).ToString(CultureInfo.InvariantCulture);
            debtors.Add(Debtor.Create(
                new DebtorData($"{prefix}{i}", PartyKind.Person, IdentityDocument.Parse(IdType.CC, n), $"Deudor {prefix}{i}", null, "CO", null, "Bogotá", null, null, "es", segment),
                Now));
        }

        Db.Debtors.AddRange(debtors);
        await Db.SaveChangesAsync(Ct);
        Db.ChangeTracker.Clear();
        return debtors.Select(d => d.Id).ToList();
    }

    /// <summary>Closes <paramref name="date"/> with one snapshot per (debtor, DPD, bucket, total due in pesos).</summary>
    public async Task CloseAsync(DateOnly date, params (long DebtorId, int Dpd, string Bucket, decimal TotalDue)[] rows)
    {
        Db.BusinessDays.Add(new BusinessDay { Date = date, Status = BusinessDayStatus.Closed, OpenedAt = Now, ClosedAt = Now, RunBy = "test" });
        var obligation = 9_000L;
        foreach (var (debtorId, dpd, bucket, totalDue) in rows)
        {
            Db.DelinquencySnapshots.Add(new DelinquencySnapshot
            {
                ObligationId = ++obligation,
                BusinessDate = date,
                DebtorId = debtorId,
                Product = "consumo",
                CurrencyCode = "COP",
                Dpd = dpd,
                Bucket = bucket,
                TotalDueMinor = (long)(totalDue * 100m),
                OwnCategory = "A",
                Classification = "A",
            });
        }

        await Db.SaveChangesAsync(Ct);
        Db.ChangeTracker.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await Database.DisposeAsync();
    }
}
