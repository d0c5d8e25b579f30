using System.Text.RegularExpressions;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Payments;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Cartera.Web.Tests.Shared;

/// <summary>
/// The main pages over the demo portfolio, in Chromium: they fit a 1366 px laptop and a 390 px phone without the page
/// scrolling sideways (wide tables scroll inside their own box), and the Spanish pages show no raw code or English
/// word that a person would have to decode. Screenshots of every page and width are left in the temporary folder
/// (<c>cartera-layout/</c>) to look at.
/// </summary>
public sealed partial class MainPagesTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// <summary>Raw codes and English words the Spanish pages used to show (issue 11, item 12), as whole words.</summary>
    private static readonly string[] RawWords =
    [
        "current", "high", "medium", "low", "signed_form", "verbal", "Payment", "Refund", "Credit balance", "Interest relief",
        "mobile", "landline", "whatsapp", "email", "sms", "collection", "reminders", "marketing", "calls", "letters", "visits",
        "loan", "invoice", "active", "paid_off", "written_off", "posted", "pending", "reversed", "person", "company",
        "approve", "refer", "decline", "interest", "arrears_interest", "credit_balance", "UTC", "DM",
        "true", "false", "null",
    ];

    /// <summary>The outermost elements whose right edge passes the window, outside any box that scrolls sideways.</summary>
    private const string WiderThanTheWindow = """
        () => {
          const out = [];
          const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > window.innerWidth + 1 && !scrolls(el) && !(el.parentElement && el.parentElement.getBoundingClientRect().right > window.innerWidth + 1)) {
              out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).replace(/ /g, '.') : '') + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + ' ' + Math.round(r.width) + 'px');
            }
          }
          return out.slice(0, 5).join(', ');
        }
        """;

    [Fact]
    public async Task The_main_pages_fit_1366_and_390_px_and_the_Spanish_pages_show_no_raw_codes()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var demo = await CliHarness.RunRawAsync("demo", "--debtors", "80", "--connection", host.Database.Options.ConnectionString!);
        demo.ExitCode.ShouldBe(0, demo.Error);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin, "Laura Gómez de la Espriella");
        long debtorId, obligationId, applicationId;
        await using (var db = host.Db())
        {
            // A debtor with a past-due obligation, contact points and consents: the fullest debtor page.
            var late = await db.Obligations.Where(o => o.Installments.Any(i => i.PrincipalPaidMinor < i.PrincipalMinor && i.DueDate < new DateOnly(2026, 1, 1))).OrderBy(o => o.Id).FirstAsync(Ct);
            obligationId = late.Id;
            debtorId = late.DebtorId;
            applicationId = await db.CreditApplications.OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(Ct);
        }

        // A payment posted through the API writes the ledger lines and the payment row a person then reads on the page.
        var api = await host.ClientForAsync("admin@cartera.test");
        var payment = await PaymentsApiTests.PostPaymentAsync(api, PaymentsApiTests.Body(obligationId, "50000.00"), "scan-1");
        payment.IsSuccessStatusCode.ShouldBeTrue(await payment.Content.ReadAsStringAsync(Ct));

        string[] paths =
        [
            "/", "/?q=a", "/cartera/mora", "/cartera/mora?tramo=31-60", "/segmentos", $"/deudores/{debtorId}", $"/deudores/{debtorId}/cumplimiento",
            $"/obligaciones/{obligationId}", "/credito/solicitudes", "/credito/solicitudes/nueva", $"/credito/solicitudes/{applicationId}",
            "/cumplimiento/reglas", "/admin/tasas", "/admin/productos", "/admin/acciones", "/comunicaciones/bandeja",
            "/comunicaciones/plantillas", "/comunicaciones/plantillas/nueva", "/estrategias", "/estrategias/importar", "/no-existe",
        ];
        var folder = Path.Combine(Path.GetTempPath(), "cartera-layout");
        Directory.CreateDirectory(folder);
        var problems = new List<string>();

        foreach (var (width, height) in new[] { (1366, 768), (390, 844) })
        {
            await BrowserSession.RunAsync(
                host,
                async (page, pages) =>
                {
                    await pages.SignInAsync("admin@cartera.test", CarteraHost.Password);
                    foreach (var path in paths)
                    {
                        await page.GotoAsync(new Uri(host.Address, path).ToString());
                        var name = NonWord().Replace(path.Trim('/'), "-") is { Length: > 0 } n ? n : "inicio";
                        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
                        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                        if (overflow > 0)
                        {
                            var culprits = await page.EvaluateAsync<string>(WiderThanTheWindow);
                            problems.Add($"{path} at {width} px scrolls sideways by {overflow} px: {culprits}");
                        }

                        if (width == 1366)
                        {
                            var text = await page.InnerTextAsync("body");
                            foreach (var word in RawWords)
                            {
                                if (Regex.IsMatch(text, $@"(?<![\p{{L}}\d_.@-]){Regex.Escape(word)}(?![\p{{L}}\d_@-])"))
                                {
                                    problems.Add($"{path} shows \"{word}\": …{Around(text, word)}…");
                                }
                            }

                            foreach (Match m in IsoDateTime().Matches(text))
                            {
                                problems.Add($"{path} shows an ISO date-time \"{m.Value}\"");
                            }

                            if (text.Contains("{\"", StringComparison.Ordinal))
                            {
                                problems.Add($"{path} shows raw JSON: …{Around(text, "{\"")}…");
                            }
                        }
                    }
                },
                width,
                height);
        }

        TestContext.Current.SendDiagnosticMessage($"Screenshots: {folder}");
        problems.ShouldBeEmpty(string.Join('\n', problems));
    }

    private static string Around(string text, string word)
    {
        var at = text.IndexOf(word, StringComparison.Ordinal);
        at = at < 0 ? 0 : at;
        var start = Math.Max(0, at - 40);
        return text[start..Math.Min(text.Length, at + word.Length + 40)].ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"[^\p{L}\d]+")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")]
    private static partial Regex IsoDateTime();
}
