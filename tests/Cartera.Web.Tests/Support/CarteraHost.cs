using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Web.Tests.Support;

/// <summary>
/// The real web host (<see cref="CarteraWebApp.Build"/>) on a Kestrel loopback port, over a fresh migrated database
/// of the given provider, with helpers to seed users and portfolio data and to get clients signed in as a user.
/// The clock is fixed so pages and tests agree on "today".
/// </summary>
public sealed class CarteraHost : IAsyncDisposable
{
    public const string Password = "Cartera-Test-2026!";

    public static readonly DateTimeOffset Now = new(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database;
    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private CarteraHost(TestDatabase database, WebApplication app, Uri address, FakeTimeProvider clock)
    {
        Clock = clock;
        _database = database;
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The host's clock (<see cref="TimeProvider"/> in its container); advance it to test timeouts.</summary>
    public FakeTimeProvider Clock { get; }

    public TestDatabase Database => _database;

    /// <param name="services">Extra registrations (for example an <c>ILogEventSink</c> the host's Serilog logger writes to).</param>
    public static async Task<CarteraHost> StartAsync(string provider, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Now);
        var app = CarteraWebApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = database.Options.Provider,
                ["ConnectionStrings:Cartera"] = database.Options.ConnectionString,
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["RateLimits:SignInPerMinute"] = "1000",
                ["Lender:Jurisdiction"] = "CO",
            });
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddSingleton<Serilog.Core.ILogEventSink>(new TestOutputSink(TestContext.Current.TestOutputHelper));
            services?.Invoke(builder.Services);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = new Uri(app.Urls.First());
        return new CarteraHost(database, app, address, clock);
    }

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>A new DbContext on the host's database (actor: system).</summary>
    public CarteraDbContext Db() => _database.Context();

    public async Task<CarteraUser> AddUserAsync(string email, string role, string? displayName = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync(email, role, Password, displayName);
    }

    public HttpClient Anonymous()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address };
        _clients.Add(client);
        return client;
    }

    /// <summary>A client carrying a bearer token obtained from <c>POST /api/v1/auth/token</c>.</summary>
    public async Task<HttpClient> ClientForAsync(string email)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = Password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("access_token").GetString());
        return client;
    }

    public async Task<Debtor> AddDebtorAsync(string externalId, string fullName, string idNumber, string? segment = null, string country = "CO", IdType idType = IdType.CC)
    {
        await using var db = Db();
        var debtor = Debtor.Create(
            new DebtorData(externalId, PartyKind.Person, IdentityDocument.Parse(idType, idNumber), fullName, new DateOnly(1985, 4, 12), country, null, "Bogotá", "Calle 10 # 20-30", null, "es", segment),
            Now);
        debtor.AddContactPoint(ContactChannel.Mobile, "+57 300 123 4567", Now);
        debtor.AddContactPoint(ContactChannel.Email, externalId.ToLowerInvariant() + "@example.com", Now).MarkDoNotContact(true);
        debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, true, "system", "signed_form", null, Now);
        db.Debtors.Add(debtor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return debtor;
    }

    /// <summary>A 12-month French loan of <paramref name="principal"/> (COP unless <paramref name="currency"/>) issued 2026-01-15 with its disbursement.</summary>
    public async Task<Obligation> AddObligationAsync(long debtorId, string externalId, decimal principal = 12_345_678.90m, string product = "consumo", Currency? currency = null)
    {
        await using var db = Db();
        var terms = new ObligationTerms(
            externalId, ObligationKind.Loan, product, Money.Of(principal, currency ?? Currency.COP), new DateOnly(2026, 1, 15), 0.24m, null, 12,
            PaymentFrequency.Monthly, Amortization.French, new DateOnly(2026, 2, 15), "Bogotá Centro");
        var obligation = Obligation.Create(terms, debtorId, Now);
        obligation.GenerateSchedule();
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.LedgerEntries.Add(LedgerEntry.Create(
            obligation.Id, LedgerEntryKind.Disbursement, LedgerComponent.Principal, obligation.Principal, terms.IssueDate, terms.IssueDate, "system", Now, description: "Desembolso"));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return obligation;
    }

    /// <summary>Assigns the debtor to the user in the user's role (collector when they hold none of the three), counting since long ago.</summary>
    public async Task AssignAsync(long debtorId, string userId)
    {
        await using var db = Db();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name)
            .ToListAsync(TestContext.Current.CancellationToken);
        var role = roles.Select(r => EnumCodes.TryParse<AssignmentRole>(r, out var parsed) ? parsed : (AssignmentRole?)null).FirstOrDefault(r => r is not null) ?? AssignmentRole.Collector;
        db.DebtorAssignments.Add(DebtorAssignment.Create(debtorId, userId, role, new DateOnly(2000, 1, 1), "system", Now));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A team <paramref name="code"/> supervised by <paramref name="supervisorEmail"/> with the given members (from long ago).</summary>
    public async Task AddTeamAsync(string code, string supervisorEmail, params string[] memberEmails)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var teams = scope.ServiceProvider.GetRequiredService<Application.Collection.Teams.TeamService>();
        await teams.CreateAsync(code, code, supervisorEmail, TestContext.Current.CancellationToken);
        foreach (var member in memberEmails)
        {
            await teams.AddMemberAsync(code, member, new DateOnly(2000, 1, 1), TestContext.Current.CancellationToken);
        }
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
