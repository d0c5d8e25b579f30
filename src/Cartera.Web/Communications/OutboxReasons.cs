using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Cartera.Web.Communications;

/// <summary>
/// An outbox message's last error or reason (<c>last_error</c>: a code, never personal data) in words: the gate's
/// reasons (<c>hours;sunday</c>) with the compliance labels, the outbox's own codes (<c>expired</c>,
/// <c>opt_out_keyword</c>…) with <c>OutboxError.*</c>, and provider codes (<c>smtp_550</c>, <c>http_503</c>,
/// <c>provider_30007</c>) as "the e-mail server answered 550". An unknown code is shown as it is.
/// </summary>
internal static class OutboxReasons
{
    public static string Describe(IStringLocalizer localizer, string? codes)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrWhiteSpace(codes))
        {
            return "—";
        }

        return string.Join(" · ", codes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => One(localizer, c)));
    }

    private static string One(IStringLocalizer localizer, string code)
    {
        foreach (var group in new[] { "ComplianceReason", "OutboxError" })
        {
            var text = localizer[group + "." + code];
            if (!text.ResourceNotFound)
            {
                return text.Value;
            }
        }

        foreach (var prefix in new[] { "smtp_", "http_", "provider_" })
        {
            if (code.StartsWith(prefix, StringComparison.Ordinal) && code.Length > prefix.Length)
            {
                return string.Format(CultureInfo.CurrentCulture, localizer["OutboxError." + prefix.TrimEnd('_') + "_code"], code[prefix.Length..]);
            }
        }

        return code;
    }
}
