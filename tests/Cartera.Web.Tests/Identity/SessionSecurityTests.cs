using System.Net;
using System.Text.Json;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cartera.Web.Tests.Identity;

/// <summary>Server-side revocation of sessions and tokens, one answer for every failed sign-in, no-store caching.</summary>
public sealed class SessionSecurityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_copied_session_cookie_stops_working_when_its_user_signs_out(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("supervisora@cartera.test", CarteraHost.Password);
        var home = await browser.GetHtmlAsync("/");
        var copied = browser.CookieHeader;
        copied.ShouldContain("cartera.session=");
        (await WithCookie(host, copied, "/")).StatusCode.ShouldBe(HttpStatusCode.OK, "the copy works while the session is open");

        string Stamp()
        {
            using var db = host.Db();
            return db.Users.Single(u => u.Email == "supervisora@cartera.test").SecurityStamp!;
        }

        var stampBefore = Stamp();
        var signOut = await browser.PostFormAsync("/cuenta/salir", home, new Dictionary<string, string>());
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signOut.Headers.Location!.ToString().ShouldBe("/cuenta/ingresar");
        Stamp().ShouldNotBe(stampBefore, "signing out gives the user a new security stamp");

        var replayed = await WithCookie(host, copied, "/");
        replayed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        replayed.Headers.Location!.AbsolutePath.ShouldBe("/cuenta/ingresar");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Signing_out_revokes_the_users_bearer_tokens(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        var first = await host.ClientForAsync("analista@cartera.test");
        var second = await host.ClientForAsync("analista@cartera.test");
        (await first.Get("/api/v1/debtors")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Get("/api/v1/debtors")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var signOut = await first.PostAsync(new Uri("/api/v1/auth/sign-out", UriKind.Relative), null, Ct);

        signOut.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await first.Get("/api/v1/debtors")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await second.Get("/api/v1/debtors")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "every token of the user is revoked");

        // The page sign-out revokes tokens too; a new token works.
        var third = await host.ClientForAsync("analista@cartera.test");
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("analista@cartera.test", CarteraHost.Password);
        (await third.Get("/api/v1/debtors")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await browser.PostFormAsync("/cuenta/salir", await browser.GetHtmlAsync("/"), new Dictionary<string, string>());
        (await third.Get("/api/v1/debtors")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unknown_email_wrong_password_and_locked_account_get_the_same_answer_for_the_same_work(string provider)
    {
        var hasher = new CountingHasher();
        await using var host = await CarteraHost.StartAsync(provider, services: s => s.AddSingleton<IPasswordHasher<CarteraUser>>(hasher));
        await host.AddUserAsync("ana@cartera.test", Roles.Supervisor);
        await host.AddUserAsync("bloqueada@cartera.test", Roles.Supervisor);
        var api = host.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await api.PostJsonAsync("/api/v1/auth/token", new { email = "bloqueada@cartera.test", password = "wrong-password-1A!" });
        }

        var cases = new (string Name, string Email, string Password)[]
        {
            ("unknown", "nadie@cartera.test", CarteraHost.Password),
            ("wrong password", "ana@cartera.test", "wrong-password-1A!"),
            ("locked", "bloqueada@cartera.test", CarteraHost.Password),
        };
        var apiAnswers = new List<string>();
        var formAnswers = new List<string>();
        foreach (var (name, email, password) in cases)
        {
            hasher.Reset();
            var response = await api.PostJsonAsync("/api/v1/auth/token", new { email, password });
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, name);
            apiAnswers.Add(WithoutTraceId(await response.Content.ReadAsStringAsync(Ct)));
            hasher.Verifications.ShouldBe(1, $"{name}: one hash verification, as a wrong password costs");

            using var browser = new FormClient(host.Address);
            hasher.Reset();
            var form = await browser.SignInAsync(email, password);
            form.StatusCode.ShouldBe(HttpStatusCode.Redirect, name);
            formAnswers.Add(form.Headers.Location!.ToString());
            hasher.Verifications.ShouldBe(1, $"{name} (form): one hash verification");
            (await browser.GetHtmlAsync(form.Headers.Location!.ToString())).ShouldContain("El correo o la contraseña no son válidos.");
        }

        apiAnswers.Distinct().Count().ShouldBe(1, string.Join(" | ", apiAnswers));
        formAnswers.Distinct().Count().ShouldBe(1, string.Join(" | ", formAnswers));
        formAnswers[0].ShouldStartWith("/cuenta/ingresar?error=invalid");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_answers_and_pages_are_not_stored_in_caches(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var api = await host.ClientForAsync("supervisora@cartera.test");
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("supervisora@cartera.test", CarteraHost.Password);

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["api list"] = await api.Get("/api/v1/debtors"),
            ["api debtor"] = await api.Get($"/api/v1/debtors/{debtor.Id}"),
            ["api 404"] = await api.Get("/api/v1/debtors/987654"),
            ["api 401"] = await host.Anonymous().Get("/api/v1/debtors"),
            ["debtor page"] = await browser.GetAsync($"/deudores/{debtor.Id}"),
            ["portfolio page"] = await browser.GetAsync("/"),
        };

        foreach (var (name, response) in responses)
        {
            response.Headers.CacheControl.ShouldNotBeNull(name);
            response.Headers.CacheControl!.NoStore.ShouldBeTrue(name);
        }
    }

    private static async Task<HttpResponseMessage> WithCookie(CarteraHost host, string cookie, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return await host.Anonymous().SendAsync(request, Ct);
    }

    private static string WithoutTraceId(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return string.Join(";", doc.RootElement.EnumerateObject().Where(p => p.Name is not ("traceId" or "trace_id")).Select(p => p.Name + "=" + p.Value.ToString()));
    }

    private sealed class CountingHasher : IPasswordHasher<CarteraUser>
    {
        private readonly PasswordHasher<CarteraUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public void Reset() => Interlocked.Exchange(ref _verifications, 0);

        public string HashPassword(CarteraUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(CarteraUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
