using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Payments;
using Cartera.Application.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.Communications;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Communications;

/// <summary>The lender's data for messages (name, service phone) and the payment link, where <c>{reference}</c>
/// stands for the payment reference.</summary>
public sealed record LenderContact(string Name = "Cartera", string Phone = "", string PaymentLink = "")
{
    public string LinkFor(string reference) =>
        string.IsNullOrWhiteSpace(PaymentLink) ? string.Empty : PaymentLink.Replace("{reference}", Uri.EscapeDataString(reference), StringComparison.Ordinal);
}

/// <summary>The catalogue's values for one debtor (formatted in <see cref="Culture"/>), the language of the message
/// and the obligation they describe (null when the debtor has none open).</summary>
public sealed record MessageVariables(long DebtorId, string Language, CultureInfo Culture, long? ObligationId, IReadOnlyDictionary<string, object?> Values);

/// <summary>
/// Fills the variable catalogue (<see cref="TemplateVariables"/>) for a debtor on a date from the owners' public read
/// types: the debtor and the obligations with their schedules from Portfolio (<see cref="DebtorPortfolio"/>), what each
/// obligation owes on the date (amount due today, payoff, days past due) from Payments (<see cref="PaymentFacts"/>).
/// The message is about the open obligation whose next unpaid installment falls first (or <c>obligationId</c>).
/// </summary>
public sealed class MessageVariablesBuilder(CarteraDbContext db, TimeProvider clock, LenderContact lender)
{
    /// <exception cref="DomainException"><c>debtor_not_found</c>; <c>invalid_language</c>.</exception>
    public async Task<MessageVariables> ForDebtorAsync(long debtorId, string? language, DateOnly? date, long? obligationId = null, CancellationToken ct = default)
    {
        var portfolio = new DebtorPortfolio(db);
        var debtor = await portfolio.IdentityAsync(debtorId, ct)
            ?? throw new DomainException("debtor_not_found", $"No existe el deudor {debtorId}.", "debtor");
        var lang = string.IsNullOrWhiteSpace(language) ? debtor.Language.Trim().ToLowerInvariant() : language.Trim().ToLowerInvariant();
        if (!MessageTemplates.Languages.Contains(lang))
        {
            if (!string.IsNullOrWhiteSpace(language))
            {
                throw new DomainException("invalid_language", $"Idioma desconocido «{language}»: use es o en.", "language");
            }

            lang = "es";
        }

        var culture = MessageFormats.Culture(lang, debtor.Country);
        var day = date ?? Today(debtor.TimeZone);
        var obligations = (await portfolio.ObligationsAsync(debtorId, ct)).Where(o => o.Status == ObligationStatus.Active).ToList();
        var due = (await new PaymentFacts(db).AmountsDueAsync(obligations.Select(o => o.Id).ToList(), day, ct)).ToDictionary(d => d.ObligationId);
        var chosen = obligationId is { } id
            ? obligations.FirstOrDefault(o => o.Id == id)
            : obligations.OrderBy(o => NextUnpaid(o)?.DueDate ?? DateOnly.MaxValue).ThenBy(o => o.ExternalId, StringComparer.Ordinal).FirstOrDefault();

        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["debtor_name"] = debtor.FullName,
            ["first_name"] = FirstName(debtor.FullName),
            ["lender_name"] = lender.Name,
            ["lender_phone"] = lender.Phone,
            ["today"] = MessageFormats.Date(day, culture),
            ["days_past_due"] = due.Count == 0 ? 0 : due.Values.Max(d => d.DaysPastDue),
        };
        if (chosen is not null)
        {
            var next = NextUnpaid(chosen);
            var totalOverdue = PaymentChecks.Sum(due.Values.Where(d => d.CurrencyCode == chosen.CurrencyCode).Select(d => d.DueTodayMinor));
            values["obligation_number"] = chosen.ExternalId;
            values["product"] = chosen.Product;
            values["payment_reference"] = chosen.ExternalId;
            values["payment_link"] = lender.LinkFor(chosen.ExternalId);
            values["total_overdue"] = MessageFormats.Money(totalOverdue, chosen.CurrencyCode, culture);
            values["payoff_amount"] = due.TryGetValue(chosen.Id, out var own) ? MessageFormats.Money(own.PayoffMinor, chosen.CurrencyCode, culture) : null;
            if (next is not null)
            {
                values["installment_number"] = next.Number;
                values["due_date"] = MessageFormats.Date(next.DueDate, culture);
                values["installment_value"] = MessageFormats.Money(checked(next.TotalDueMinor - next.TotalPaidMinor), chosen.CurrencyCode, culture);
            }
        }

        foreach (var v in TemplateVariables.All)
        {
            values.TryAdd(v.Name, null);
        }

        return new MessageVariables(debtorId, lang, culture, chosen?.Id, values);
    }

    private static Installment? NextUnpaid(ObligationWithSchedule obligation) =>
        obligation.Schedule.Where(i => !i.IsPaid).OrderBy(i => i.Number).FirstOrDefault();

    private static string FirstName(string fullName) =>
        fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;

    private DateOnly Today(string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
    }
}
