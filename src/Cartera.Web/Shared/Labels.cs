using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Cartera.Web.Shared;

/// <summary>
/// The one place where a code shown to a person becomes words in their language. Every label is a resource
/// (<c>Resources/Strings.resx</c> Spanish, <c>Strings.en.resx</c> English) keyed <c>{group}.{code}</c>: enums use their
/// type name as the group (<see cref="Formats.Label{T}"/>: <c>ContactChannel.mobile</c>); other codes use the groups
/// below (<c>Bucket.current</c>, <c>ConsentMethod.signed_form</c>, <c>Score.Risk.high</c>, <c>Field.CostMinor</c>…).
/// A code without a label is shown as it is, so a new code is visible rather than hidden.
/// </summary>
internal static class Labels
{
    /// <summary>An audit actor as a person reads it: the e-mail of <c>user:{id}:{email}</c>, any other actor as it is.</summary>
    public static string Actor(string actor) =>
        actor.StartsWith("user:", StringComparison.Ordinal) && actor.LastIndexOf(':') is var colon && colon > 5 ? actor[(colon + 1)..] : actor;

    /// <summary>An audit actor in words: the system's own changes (seed, jobs) as "Sistema", a user as their e-mail.</summary>
    public static string Actor(IStringLocalizer localizer, string actor)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return actor == "system" ? Code(localizer, "Actor", actor) : Actor(actor);
    }

    public static string Code(IStringLocalizer localizer, string group, string? code)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrEmpty(code))
        {
            return "—";
        }

        var text = localizer[group + "." + code];
        return text.ResourceNotFound ? code : text.Value;
    }

    /// <summary>An aging bucket: <c>current</c> → "Al día", <c>31-60</c> → "31–60 días", <c>360+</c> → "Más de 360 días"; any other key as it is.</summary>
    /// <summary>A country's name in the page's language ("México" / "Mexico"), never the bare ISO code; an unknown code as it is.</summary>
    public static string Country(IStringLocalizer localizer, string? code) => Code(localizer, "Country", code?.Trim().ToUpperInvariant());

    /// <summary>A language's name in the page's language ("Español" / "Spanish"); an unknown code as it is.</summary>
    public static string Language(IStringLocalizer localizer, string? code) => Code(localizer, "Language", code?.Trim().ToLowerInvariant());

    public static string Bucket(IStringLocalizer localizer, string? bucket)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrEmpty(bucket))
        {
            return "—";
        }

        var named = localizer["Bucket." + bucket];
        if (!named.ResourceNotFound)
        {
            return named.Value;
        }

        var dash = bucket.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && int.TryParse(bucket[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            && int.TryParse(bucket[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var to))
        {
            return string.Format(CultureInfo.CurrentCulture, localizer["Bucket.Range"], from, to);
        }

        if (bucket.EndsWith('+') && int.TryParse(bucket[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var above))
        {
            return string.Format(CultureInfo.CurrentCulture, localizer["Bucket.Above"], above);
        }

        return bucket;
    }

    /// <summary>A score segment code <c>risk|balance|dpd</c> (<c>high|medium|91-180</c>) → "Riesgo alto · Saldo medio · 91–180 días".</summary>
    public static string Segment(IStringLocalizer localizer, string? segment)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrEmpty(segment))
        {
            return "—";
        }

        var parts = segment.Split('|');
        return parts.Length == 3
            ? $"{Code(localizer, "Score.Risk", parts[0])} · {Code(localizer, "Score.Balance", parts[1])} · {Bucket(localizer, parts[2])}"
            : segment;
    }

    // The texts the application writes on the ledger lines it books itself (Payments/PaymentPosting), most specific first:
    // the stored text stays as booked (the ledger is append-only); the page shows it in the reader's language.
    private static readonly (string Prefix, string Key)[] LedgerTexts =
    [
        ("Payment reversed: ", "LedgerText.PaymentReversed"),
        ("Re-allocation of payment ", "LedgerText.Reallocation"),
        ("Interest relief after prepayment ", "LedgerText.InterestRelief"),
        ("Credit balance applied", "LedgerText.CreditBalanceApplied"),
        ("Refund: ", "LedgerText.Refund"),
        ("Payment ", "LedgerText.Payment"),
    ];

    /// <summary>A ledger line's description: a text Cartera booked (<c>Payment P-1</c>) in the reader's language, anything else as written.</summary>
    public static string LedgerDescription(IStringLocalizer localizer, string? description)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrEmpty(description))
        {
            return "—";
        }

        foreach (var (prefix, key) in LedgerTexts)
        {
            if (description.StartsWith(prefix, StringComparison.Ordinal))
            {
                return string.Format(CultureInfo.CurrentCulture, localizer[key], description[prefix.Length..].Trim()).Trim();
            }
        }

        return description;
    }

    /// <summary>
    /// A reason of the application model in the applicant's own terms. The model is trained on the German credit data
    /// set, whose amounts are Deutsche Mark bands; the stored reason text quotes them ("200 DM o más"). For the reasons
    /// about amounts the page states the application's own figure in its currency instead (checking balance, savings,
    /// requested amount, amount per month of term); other reasons (history, term, purpose…) have no unit and keep
    /// their text (null).
    /// </summary>
    public static string? ApplicationReason(IStringLocalizer localizer, string key, Domain.CreditEvaluation.ApplicantProfile profile, long requestedMinor, int termMonths, string currencyCode, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(profile);
        var currency = Domain.Common.Currency.Of(currencyCode);
        string Major(decimal amount) => Formats.Money(Domain.Common.Money.Of(decimal.Round(amount, currency.MinorUnits, MidpointRounding.ToEven), currency).MinorUnits, currencyCode, culture);
        string Format(string resource, string value) => string.Format(culture, localizer[resource], value);
        return key switch
        {
            "checking_account" => profile.CheckingBalance is { } checking ? Format("Credit.ModelReason.Checking", Major(checking)) : localizer["Credit.ModelReason.NoChecking"].Value,
            "savings" => profile.Savings is { } savings and > 0m ? Format("Credit.ModelReason.Savings", Major(savings)) : localizer["Credit.ModelReason.NoSavings"].Value,
            "credit_amount" => Format("Credit.ModelReason.Amount", Formats.Money(requestedMinor, currencyCode, culture)),
            "monthly_amount" when termMonths > 0 => Format("Credit.ModelReason.Monthly", Major(Domain.Common.Money.FromMinorUnits(requestedMinor, currency).Amount / termMonths)),
            _ => null,
        };
    }

    /// <summary>
    /// The fields of an audit snapshot (the before/after JSON of an entity's scalar properties) as readable pairs:
    /// labelled field names (<c>Field.{Property}</c>), money in minor units with the record's currency, instants in
    /// the lender's zone, yes/no, nested JSON (a rule set's rules) flattened to <c>rules › hours</c>. Bookkeeping
    /// fields (ids, versions, who/when of the row itself) are left out; the trail shows who and when.
    /// </summary>
    public static IReadOnlyList<(string Field, string Value)> AuditFields(IStringLocalizer localizer, string? json, CultureInfo culture, TimeProvider lender)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var fields = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return fields;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [(localizer["Field.Value"], json)];
            }

            var currency = document.RootElement.TryGetProperty("CurrencyCode", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            Flatten(localizer, document.RootElement, null, currency, culture, lender, fields);
        }
        catch (JsonException)
        {
            fields.Add((localizer["Field.Value"], json));
        }

        return fields;
    }

    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal)
    {
        "Id", "Version", "RowVersion", "ConcurrencyStamp", "SecurityStamp", "PasswordHash", "UpdatedAt", "UpdatedBy", "CreatedAt", "CreatedBy", "NormalizedEmail", "NormalizedUserName",
    };

    private static void Flatten(IStringLocalizer localizer, JsonElement element, string? prefix, string? currency, CultureInfo culture, TimeProvider lender, List<(string, string)> fields)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (prefix is null && Bookkeeping.Contains(property.Name))
            {
                continue;
            }

            var name = prefix is null ? FieldName(localizer, property.Name) : prefix + " › " + FieldName(localizer, property.Name);
            var value = property.Value;

            // A JSON document stored in a text column (a rule set's rules) is shown field by field too.
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 1 } text && text[0] is '{' && text[^1] is '}')
            {
                try
                {
                    using var nested = JsonDocument.Parse(text);
                    Flatten(localizer, nested.RootElement, name, currency, culture, lender, fields);
                    continue;
                }
                catch (JsonException)
                {
                }
            }

            if (value.ValueKind == JsonValueKind.Object)
            {
                Flatten(localizer, value, name, currency, culture, lender, fields);
                continue;
            }

            fields.Add((name, Value(localizer, property.Name, value, currency, culture, lender)));
        }
    }

    private static string FieldName(IStringLocalizer localizer, string property)
    {
        var label = localizer["Field." + property];
        if (label.ResourceNotFound && property.Length > 0 && char.IsLower(property[0]))
        {
            label = localizer["Field." + char.ToUpperInvariant(property[0]) + property[1..]]; // source → Source
        }

        return label.ResourceNotFound ? property : label.Value;
    }

    private static string Value(IStringLocalizer localizer, string property, JsonElement value, string? currency, CultureInfo culture, TimeProvider lender)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return "—";
            case JsonValueKind.True:
                return localizer["Common.Yes"];
            case JsonValueKind.False:
                return localizer["Common.No"];
            case JsonValueKind.Number when property.EndsWith("Minor", StringComparison.Ordinal) && currency is not null && value.TryGetInt64(out var minor):
                try
                {
                    return Formats.Money(minor, currency, culture);
                }
                catch (ArgumentException)
                {
                    return value.GetRawText();
                }

            case JsonValueKind.Number:
                return value.TryGetDecimal(out var number) ? number.ToString(culture) : value.GetRawText();
            case JsonValueKind.Array:
                return string.Join(", ", value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? Code(localizer, "Value", v.GetString()) : v.GetRawText()));
            case JsonValueKind.String:
                var text = value.GetString() ?? string.Empty;
                if (text.Length >= 20 && text[4] == '-' && text[10] == 'T' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
                {
                    return Formats.LenderInstant(instant, lender, culture);
                }

                if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return Formats.Date(date, culture);
                }

                // A channel list (a rule set's channels: "sms;email;calls") in words.
                if (string.Equals(property, "channels", StringComparison.OrdinalIgnoreCase) || string.Equals(property, "OptedOutChannels", StringComparison.Ordinal))
                {
                    return string.Join(", ", text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => Code(localizer, "ConsentChannel", c)));
                }

                // An action prior's code is a next action (sms, call…).
                if (string.Equals(property, "Code", StringComparison.Ordinal) && !localizer["Score.Action." + text].ResourceNotFound)
                {
                    return localizer["Score.Action." + text].Value;
                }

                return Code(localizer, "Value", text);
            default:
                return value.GetRawText();
        }
    }
}
