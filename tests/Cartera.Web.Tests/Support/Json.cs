using System.Net.Http.Json;
using System.Text.Json;

namespace Cartera.Web.Tests.Support;

internal static class Json
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> Get(this HttpClient client, string url) =>
        client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

    /// <summary>A valid create-debtor body; override fields with <c>with</c>-like anonymous objects in tests.</summary>
    public static object NewDebtor(string externalId, string idNumber = "900123456-8", string idType = "NIT", string name = "Distribuciones El Cafetal S.A.S.") => new
    {
        external_id = externalId,
        kind = "company",
        id_type = idType,
        id_number = idNumber,
        full_name = name,
        country = "CO",
        region = "Antioquia",
        city = "Medellín",
        segment = "pyme",
        contact_points = new[] { new { channel = "mobile", value = "+57 310 555 0101" }, new { channel = "email", value = "Cartera@Cafetal.example" } },
        consents = new[] { new { channel = "sms", purpose = "collection", granted = true, method = "signed_form" } },
    };

    public static object NewObligation(long debtorId, string externalId, string amount = "10000000.00") => new
    {
        external_id = externalId,
        debtor_id = debtorId,
        kind = "loan",
        product = "comercial",
        principal = new { amount, currency = "COP" },
        issue_date = "2026-01-15",
        annual_rate_ea = 0.18m,
        term = 12,
        frequency = "monthly",
        amortization = "french",
        first_due_date = "2026-02-15",
    };
}
