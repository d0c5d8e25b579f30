using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.CreditEvaluation;

/// <summary>The credit applications API and pages: roles, per-field errors, decisions within authority, the form.</summary>
public sealed class CreditApplicationsApiTests
{
    internal static object Body(string number = "1020304050", string requested = "10000000", string purpose = "used_car", string income = "10000000") => new
    {
        document_type = "CC",
        document_number = number,
        full_name = "Ana María Restrepo",
        country = "CO",
        birth_date = "1985-03-10",
        currency = "COP",
        monthly_income = income,
        monthly_expenses = "2000000",
        existing_payments = "0",
        existing_debt = "0",
        requested_amount = requested,
        term_months = 12,
        annual_rate = 0.18,
        profile = new
        {
            checking_balance = "500000",
            credit_history = "paid_duly",
            purpose,
            savings = (string?)null,
            employment_since = "four_to_seven_years",
            other_debtors = "none",
            years_at_residence = 3,
            property = "real_estate",
            other_installment_plans = "none",
            housing = "own",
            existing_credits_here = 0,
            job = "skilled",
            dependents = 1,
            telephone = true,
        },
        bureau = new { score = 720, open_accounts = 3, delinquent_accounts = 0, worst_delinquency_days_24m = 0, inquiries_6m = 1, report_date = "2026-03-18" },
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Analysts_evaluate_and_decide_within_authority_auditors_read_and_collectors_are_refused(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        await host.AddUserAsync("jefe@cartera.test", Roles.Supervisor);
        await host.AddUserAsync("auditor@cartera.test", Roles.Auditor);
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await host.AddUserAsync("agencia@cartera.test", Roles.Agency);
        var analyst = await host.ClientForAsync("analista@cartera.test");
        var supervisor = await host.ClientForAsync("jefe@cartera.test");
        var auditor = await host.ClientForAsync("auditor@cartera.test");
        var gestor = await host.ClientForAsync("gestor@cartera.test");
        var agency = await host.ClientForAsync("agencia@cartera.test");

        var created = await analyst.PostJsonAsync("/api/v1/credit-applications", Body(requested: "30000000", income: "30000000"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var app = await created.ReadJsonAsync();
        var id = app.GetProperty("id").GetInt64();
        app.GetProperty("recommendation").GetString().ShouldBe("refer");
        app.GetProperty("status").GetString().ShouldBe("evaluated");
        app.GetProperty("reasons")[0].GetProperty("code").GetString().ShouldBe("no_model");
        app.GetProperty("reasons")[0].GetProperty("es").GetString().ShouldBe("Sin modelo de originación activo: decide una persona");
        app.GetProperty("figures").GetProperty("installment").GetProperty("amount").GetString().ShouldBe("2731391.30"); // 30,000,000 × i / (1 − (1 + i)^−12) = 2,731,391.3019, i = 1.18^(1/12) − 1
        app.GetProperty("bureau_source").GetString().ShouldBe("entered");
        app.GetProperty("bureau").GetProperty("worst_delinquency_days_24m").GetInt32().ShouldBe(0);

        (await gestor.PostJsonAsync("/api/v1/credit-applications", Body())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await gestor.Get($"/api/v1/credit-applications/{CarteraHost.Id(id)}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agency.Get("/api/v1/credit-applications")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await auditor.PostJsonAsync("/api/v1/credit-applications", Body())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var read = await (await auditor.Get($"/api/v1/credit-applications/{CarteraHost.Id(id)}")).ReadJsonAsync();
        read.GetProperty("full_name").GetString().ShouldBe("Ana María Restrepo");
        var list = await (await auditor.Get("/api/v1/credit-applications?status=evaluated&recommendation=refer")).ReadJsonAsync();
        list.GetProperty("total").GetInt32().ShouldBe(1);
        (await auditor.Get("/api/v1/credit-applications?status=nope")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await auditor.PostJsonAsync($"/api/v1/credit-applications/{CarteraHost.Id(id)}/decision", new { decision = "decline", reason_code = "policy" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // 30,000,000 COP is above an analyst's 20,000,000: refused, the application stays as it was.
        var above = await analyst.PostJsonAsync($"/api/v1/credit-applications/{CarteraHost.Id(id)}/decision", new { decision = "approve", amount = "30000000" });
        above.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await above.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("above_authority");
        var version = (await (await analyst.Get($"/api/v1/credit-applications/{CarteraHost.Id(id)}")).ReadJsonAsync()).GetProperty("version").GetUInt32();
        version.ShouldBe(app.GetProperty("version").GetUInt32());
        var stale = await supervisor.PostJsonAsync($"/api/v1/credit-applications/{CarteraHost.Id(id)}/decision", new { decision = "approve", amount = "30000000", version = version + 1 });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var approved = await supervisor.PostJsonAsync($"/api/v1/credit-applications/{CarteraHost.Id(id)}/decision", new { decision = "approve", amount = "30000000", version });
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var decided = await approved.ReadJsonAsync();
        decided.GetProperty("status").GetString().ShouldBe("approved");
        decided.GetProperty("decision").GetProperty("approved_amount").GetProperty("amount").GetString().ShouldBe("30000000.00");
        decided.GetProperty("decision").GetProperty("decided_by").GetString()!.ShouldEndWith(":jefe@cartera.test");
        var again = await analyst.PostJsonAsync($"/api/v1/credit-applications/{CarteraHost.Id(id)}/decision", new { decision = "decline", reason_code = "policy" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("already_decided");
        (await analyst.PostJsonAsync("/api/v1/credit-applications/999999/decision", new { decision = "decline", reason_code = "policy" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_fields_answer_422_with_the_code_and_the_field()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        var analyst = await host.ClientForAsync("analista@cartera.test");

        async Task ExpectAsync(object body, string code, string field)
        {
            var response = await analyst.PostJsonAsync("/api/v1/credit-applications", body);
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = await response.ReadJsonAsync();
            (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()).ShouldBe((code, field));
        }

        await ExpectAsync(Body(number: "12"), "invalid_id_number", "document_number");
        await ExpectAsync(Body(purpose: "yacht"), "invalid_code", "purpose");
        await ExpectAsync(Body(requested: "0"), "invalid_amount", "requested_amount");
        await ExpectAsync(Body(requested: "1000.001"), "too_many_decimals", "requested_amount");
        (await (await analyst.Get("/api/v1/credit-applications")).ReadJsonAsync()).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task The_form_shows_every_field_error_then_evaluates_and_the_analyst_records_the_decision()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("analista@cartera.test", CarteraHost.Password);
        (await browser.GetHtmlAsync("/")).ShouldContain("/credito/solicitudes");
        const string url = "/credito/solicitudes/nueva";

        var invalid = await browser.PostPageFormAsync(url, "credit-application", Fields(income: "mucho", number: "12"));
        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        html.ShouldContain("data-testid=\"error-monthly_income\"");
        html.ShouldContain("data-testid=\"error-document_number\"");

        var posted = await browser.PostPageFormAsync(url, "credit-application", Fields(income: "3000000", expenses: "1000000", existing: "500000"));
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var detail = new Uri(host.Address, posted.Headers.Location!).PathAndQuery;
        detail.ShouldEndWith("?evaluada=true");
        var page = await browser.GetHtmlAsync(detail);
        page.ShouldContain("Revisar");
        page.ShouldContain("Relación deuda/ingreso de 47\u00A0% supera el máximo de 40\u00A0%");
        page.ShouldContain("Contraoferta: hasta");
        page.ShouldContain("Su atribución de aprobación");
        page.ShouldContain("20.000.000,00");

        var path = new Uri(host.Address, detail).AbsolutePath;
        var decided = await browser.PostPageFormAsync(path, "credit-decision", new Dictionary<string, string> { ["Decision.Kind"] = "decline", ["Decision.ReasonCode"] = "affordability", ["Decision.Note"] = "Sin capacidad" });
        decided.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await browser.GetHtmlAsync(new Uri(host.Address, decided.Headers.Location!).PathAndQuery);
        after.ShouldContain("Rechazada");
        after.ShouldContain("Capacidad de pago");

        using var gestor = new FormClient(host.Address);
        await gestor.SignInAsync("gestor@cartera.test", CarteraHost.Password);
        (await gestor.GetAsync("/credito/solicitudes")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await gestor.GetHtmlAsync("/")).ShouldNotContain("/credito/solicitudes");
    }

    internal static Dictionary<string, string> Fields(string income, string expenses = "1000000", string existing = "0", string number = "1020304050") => new()
    {
        ["Form.DocumentType"] = "CC",
        ["Form.DocumentNumber"] = number,
        ["Form.FullName"] = "Ana María Restrepo",
        ["Form.Country"] = "CO",
        ["Form.BirthDate"] = "1985-03-10",
        ["Form.Currency"] = "COP",
        ["Form.MonthlyIncome"] = income,
        ["Form.MonthlyExpenses"] = expenses,
        ["Form.ExistingPayments"] = existing,
        ["Form.ExistingDebt"] = "0",
        ["Form.RequestedAmount"] = "10000000",
        ["Form.TermMonths"] = "12",
        ["Form.AnnualRatePercent"] = "18",
        ["Form.CreditHistory"] = "paid_duly",
        ["Form.Purpose"] = "used_car",
        ["Form.EmploymentSince"] = "one_to_four_years",
        ["Form.OtherDebtors"] = "none",
        ["Form.YearsAtResidence"] = "2",
        ["Form.Property"] = "none",
        ["Form.OtherInstallmentPlans"] = "none",
        ["Form.Housing"] = "rent",
        ["Form.ExistingCreditsHere"] = "0",
        ["Form.Job"] = "skilled",
        ["Form.Dependents"] = "0",
        ["Form.BureauReportDate"] = "2026-03-18",
        ["Form.BureauScore"] = "700",
        ["Form.BureauOpenAccounts"] = "2",
        ["Form.BureauDelinquentAccounts"] = "0",
        ["Form.BureauWorstDelinquencyDays"] = "0",
        ["Form.BureauInquiries"] = "1",
    };
}
