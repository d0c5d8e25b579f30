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
        var lang = Language(debtor, language);
        var day = date ?? Today(debtor.TimeZone);
        var obligations = (await portfolio.ObligationsAsync(debtorId, ct)).Where(o => o.Status == ObligationStatus.Active).ToList();
        var due = (await new PaymentFacts(db).AmountsDueAsync(obligations.Select(o => o.Id).ToList(), day, ct)).ToDictionary(d => d.ObligationId);
        return Build(debtor, lang, day, obligations, due, obligationId);
    }

    /// <summary>
    /// <see cref="ForDebtorAsync"/> for a planner's batch on one date, in a few queries whatever its size: each request
    /// is a debtor, its language (blank: the debtor's own) and the obligation the message is about (null: the one
    /// whose next installment falls first); the answer is keyed by debtor and obligation. Debtors that do not exist
    /// are left out. What each obligation owes today (<c>days_past_due</c>, <c>total_overdue</c>, <c>payoff_amount</c>)
    /// is a replay of its ledger: without <paramref name="withAmountsDue"/> (no template of the batch reads them) those
    /// stay empty.
    /// </summary>
    /// <exception cref="DomainException"><c>invalid_language</c>.</exception>
    public async Task<IReadOnlyDictionary<(long DebtorId, long? ObligationId), MessageVariables>> ForDebtorsAsync(IReadOnlyCollection<(long DebtorId, string? Language, long? ObligationId)> requests, DateOnly date, bool withAmountsDue = true, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var portfolio = new DebtorPortfolio(db);
        var ids = requests.Select(r => r.DebtorId).Distinct().ToList();
        var debtors = (await portfolio.IdentitiesAsync(ids, ct)).ToDictionary(d => d.Id);
        // Schedules only where they are read: the obligation a message is about, or all of a debtor's when none is named.
        var named = requests.Where(r => r.ObligationId is not null).Select(r => r.ObligationId!.Value).ToHashSet();
        var whole = requests.Where(r => r.ObligationId is null).Select(r => r.DebtorId).ToHashSet();
        var obligations = (await portfolio.ObligationsOfAsync(ids, o => withAmountsDue || named.Contains(o.Id) || whole.Contains(o.DebtorId), ct))
            .Where(o => o.Obligation.Status == ObligationStatus.Active).ToLookup(o => o.DebtorId, o => o.Obligation);
        var due = withAmountsDue
            ? (await new PaymentFacts(db).AmountsDueAsync(obligations.SelectMany(g => g).Select(o => o.Id).ToList(), date, ct)).ToDictionary(d => d.ObligationId)
            : null;
        var result = new Dictionary<(long, long?), MessageVariables>();
        foreach (var (debtorId, language, obligationId) in requests)
        {
            if (result.ContainsKey((debtorId, obligationId)) || !debtors.TryGetValue(debtorId, out var debtor))
            {
                continue;
            }

            var own = obligations[debtorId].ToList();
            var owed = due is null ? null : own.Where(o => due.ContainsKey(o.Id)).ToDictionary(o => o.Id, o => due[o.Id]);
            result[(debtorId, obligationId)] = Build(debtor, Language(debtor, language), date, own, owed, obligationId);
        }

        return result;
    }

    private static string Language(DebtorIdentity debtor, string? language)
    {
        var lang = string.IsNullOrWhiteSpace(language) ? debtor.Language.Trim().ToLowerInvariant() : language.Trim().ToLowerInvariant();
        if (MessageTemplates.Languages.Contains(lang))
        {
            return lang;
        }

        return string.IsNullOrWhiteSpace(language) ? "es" : throw new DomainException("invalid_language", $"Idioma desconocido «{language}»: use es o en.", "language");
    }

    /// <summary>The values; without <paramref name="due"/> (not asked for) the amounts owed today stay empty.</summary>
    private MessageVariables Build(DebtorIdentity debtor, string lang, DateOnly day, List<ObligationWithSchedule> obligations, Dictionary<long, AmountDue>? due, long? obligationId)
    {
        var culture = MessageFormats.Culture(lang, debtor.Country);
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
            ["days_past_due"] = due is null ? null : due.Count == 0 ? 0 : due.Values.Max(d => d.DaysPastDue),
        };
        if (chosen is not null)
        {
            var next = NextUnpaid(chosen);
            var totalOverdue = due is null ? (long?)null : PaymentChecks.Sum(due.Values.Where(d => d.CurrencyCode == chosen.CurrencyCode).Select(d => d.DueTodayMinor));
            values["obligation_number"] = chosen.ExternalId;
            values["product"] = chosen.Product;
            values["payment_reference"] = chosen.ExternalId;
            values["payment_link"] = lender.LinkFor(chosen.ExternalId);
            values["total_overdue"] = totalOverdue is { } total ? MessageFormats.Money(total, chosen.CurrencyCode, culture) : null;
            values["payoff_amount"] = due is not null && due.TryGetValue(chosen.Id, out var own) ? MessageFormats.Money(own.PayoffMinor, chosen.CurrencyCode, culture) : null;
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

        return new MessageVariables(debtor.Id, lang, culture, chosen?.Id, values);
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
