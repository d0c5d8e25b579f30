using System.Net;
using System.Text.RegularExpressions;

namespace Cartera.Web.Tests.Support;

/// <summary>A cookie-keeping client that signs in through the real form, antiforgery token included.</summary>
internal sealed partial class FormClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly CookieContainer _cookies = new();
    private readonly Uri _address;

    public FormClient(Uri address)
    {
        _address = address;
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = _cookies }) { BaseAddress = address };
    }

    /// <summary>The <c>Cookie</c> header this client sends now (to replay it from elsewhere).</summary>
    public string CookieHeader => _cookies.GetCookieHeader(_address);

    public Task<HttpResponseMessage> GetAsync(string url) => _client.Get(url);

    public async Task<string> GetHtmlAsync(string url)
    {
        var response = await _client.Get(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var page = await GetHtmlAsync("/cuenta/ingresar");
        var token = TokenPattern().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = "/",
        });
        return await _client.PostAsync(new Uri("/cuenta/sesion", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts a form with the antiforgery token found in <paramref name="page"/> (the HTML that holds the form).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, string page, IDictionary<string, string> fields)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value });
        return await _client.PostAsync(new Uri(url, UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<input(?=[^>]*name=\"__RequestVerificationToken\")[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>Posts a static-SSR page form (<c>@formname</c>) with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostPageFormAsync(string url, string formName, Dictionary<string, string> fields)
    {
        var page = await GetHtmlAsync(url);
        fields["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value;
        fields["_handler"] = formName;
        using var form = new FormUrlEncodedContent(fields);
        return await _client.PostAsync(new Uri(url, UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    public async Task<string> GetHtmlAsync(string url, bool english)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (english)
        {
            request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den-US%7Cuic%3Den-US");
        }

        var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Opens <paramref name="page"/>, takes its antiforgery token and posts the form to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormFromPageAsync(string page, string action, Dictionary<string, string> fields)
    {
        var html = await GetHtmlAsync(page);
        var token = TokenPattern().Match(html).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
        return await _client.PostAsync(new Uri(action, UriKind.Relative), form, TestContext.Current.CancellationToken);
    }
}
