namespace Cartera.Web.Tests.Support;

/// <summary>Pieces of a page's HTML that the page tests assert on.</summary>
internal static class HtmlText
{
    public static string Section(string html, string testId)
    {
        var start = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, testId);
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    public static string Between(string html, string after, string before)
    {
        var start = html.IndexOf(after, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, after);
        start += after.Length;
        return html[start..html.IndexOf(before, start, StringComparison.Ordinal)].Trim();
    }
}
