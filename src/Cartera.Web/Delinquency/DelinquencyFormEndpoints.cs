using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using static Cartera.Web.Shared.FormValues;

namespace Cartera.Web.Delinquency;

/// <summary>
/// The form posts of the delinquency administration pages (admin only; antiforgery validated because each binds a
/// form): save a cap-table row, save a product's delinquency settings. Each redirects back to its page with <c>ok</c>
/// or with the rule that failed (<c>error</c> code, <c>field</c>, message); the change itself is audited by SaveChanges.
/// </summary>
internal static class DelinquencyFormEndpoints
{
    public const string CapsPage = "/admin/tasas";
    public const string CapsPost = "/admin/tasas/guardar";
    public const string ProductsPage = "/admin/productos";
    public const string ProductsPost = "/admin/productos/guardar";

    public static IEndpointRouteBuilder MapDelinquencyFormEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(CapsPost, SaveCapAsync).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        app.MapPost(ProductsPost, SaveProductAsync).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        return app;
    }

    public sealed record CapForm(string? Id, string? Modality, string? ValidFrom, string? ValidTo, string? UsuryEa, string? BankingCurrentEa, string? Source, string? Verified);

    public sealed record ProductForm(
        string? Code,
        string? Classification,
        string? CapModality,
        string? Strategy,
        string? ComponentOrder,
        string? Prepayment,
        string? Buckets,
        string? ToleranceMinor,
        string? BackdateWindowDays,
        string? WriteOffDpd,
        string? FeeRate,
        string? FeeCapMinor,
        string? ProvisionA,
        string? ProvisionB,
        string? ProvisionC,
        string? ProvisionD,
        string? ProvisionE,
        string? FutureWindowDays = null,
        string? MaxAmountMajor = null,
        string? MaxAmountByCurrency = null,
        string? ExcessCreditBalanceInstallments = null);

    private static async Task<RedirectHttpResult> SaveCapAsync(IFormCollection fields, CarteraDbContext db, LenderJurisdiction lender, CancellationToken ct)
    {
        string? F(string name) => fields.TryGetValue(name, out var v) ? v.ToString() : null;
        var form = new CapForm(F("id"), F("modality"), F("validFrom"), F("validTo"), F("usuryEa"), F("bankingCurrentEa"), F("source"), F("verified"));
        try
        {
            var input = new UsuryCapInput(
                string.IsNullOrWhiteSpace(form.Id) ? null : long.Parse(form.Id, NumberStyles.None, CultureInfo.InvariantCulture),
                F("jurisdiction") is { Length: > 0 } named ? Jurisdictions.NormalizeCountry(named) : lender.Code ?? throw new DomainException("required", "Choose the jurisdiction of the cap table.", "jurisdiction"),
                form.Modality ?? string.Empty,
                Date(form.ValidFrom, "valid_from"),
                Date(form.ValidTo, "valid_to"),
                Fraction(form.UsuryEa, "usury_ea") ?? throw new DomainException("required", "usury_ea is required.", "usury_ea"),
                Fraction(form.BankingCurrentEa, "banking_current_ea"),
                form.Source ?? string.Empty,
                form.Verified is "on" or "true" or "yes");
            var row = await new UsuryCapAdministration(db).SaveAsync(input, ct);
            return TypedResults.LocalRedirect($"{CapsPage}?jurisdiccion={row.Jurisdiction}&ok={row.Id.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect(ErrorUrl(CapsPage, e, null));
        }
        catch (FormatException)
        {
            return TypedResults.LocalRedirect($"{CapsPage}?error=invalid_value&field=id");
        }
    }

    private static async Task<RedirectHttpResult> SaveProductAsync([FromForm] ProductForm form, CarteraDbContext db, CancellationToken ct)
    {
        var code = (form.Code ?? string.Empty).Trim();
        try
        {
            if (code.Length is 0 or > 64)
            {
                throw new DomainException("required", "A product has a code of at most 64 characters.", "code");
            }

            var order = (form.ComponentOrder ?? string.Empty).Split([',', ' ', '>'], StringSplitOptions.RemoveEmptyEntries)
                .Select(c => EnumCodes.TryParse<LedgerComponent>(c.Trim(), out var component) ? component : throw new DomainException("invalid_allocation_order", $"'{c}' is not a component.", "component_order"))
                .ToList();
            // Settings the page does not show (the payment limits, the future value-date window) keep their stored values.
            var stored = await new ProductCatalog(db).ForCodeAsync(code, ct);
            var settings = stored with
            {
                Code = code,
                Classification = Code<ClassificationTableKind>(form.Classification, "classification"),
                CapModality = (form.CapModality ?? string.Empty).Trim().ToLowerInvariant() is { Length: > 0 } modality ? modality : throw new DomainException("required", "The cap modality is required.", "cap_modality"),
                Allocation = new AllocationPolicy(Code<AllocationStrategy>(form.Strategy, "strategy"), order, Code<PrepaymentPolicy>(form.Prepayment, "prepayment")),
                Buckets = Buckets(form.Buckets),
                ToleranceMinor = Whole(form.ToleranceMinor, "tolerance_minor") ?? 0,
                BackdateWindowDays = (int)(Whole(form.BackdateWindowDays, "backdate_window_days") ?? 0),
                WriteOffDpd = (int)(Whole(form.WriteOffDpd, "write_off_dpd") ?? 0),
                FeeRate = Fraction(form.FeeRate, "fee_rate") ?? 0m,
                FeeCapMinor = Whole(form.FeeCapMinor, "fee_cap_minor"),
                ProvisionByCategory = new Dictionary<string, decimal>(StringComparer.Ordinal)
                {
                    ["A"] = Fraction(form.ProvisionA, "provision_a") ?? 0m,
                    ["B"] = Fraction(form.ProvisionB, "provision_b") ?? 0m,
                    ["C"] = Fraction(form.ProvisionC, "provision_c") ?? 0m,
                    ["D"] = Fraction(form.ProvisionD, "provision_d") ?? 0m,
                    ["E"] = Fraction(form.ProvisionE, "provision_e") ?? 0m,
                },
                FutureWindowDays = (int)(Whole(form.FutureWindowDays, "future_window_days") ?? stored.FutureWindowDays),
                MaxAmountMajor = Fraction(form.MaxAmountMajor, "max_amount_major", "max_amount_major is an amount in major units such as 1000000000000.") ?? stored.MaxAmountMajor,
                MaxAmountMajorByCurrency = form.MaxAmountByCurrency is null ? stored.MaxAmountMajorByCurrency : PerCurrency(form.MaxAmountByCurrency),
                ExcessCreditBalanceInstallments = Fraction(form.ExcessCreditBalanceInstallments, "excess_credit_balance_installments", "excess_credit_balance_installments is a number of installments such as 1.") ?? stored.ExcessCreditBalanceInstallments,
            };
            // The same field-named rules as `cartera products import` and PUT /api/v1/products.
            if (ProductSettingsExchange.Check(settings) is [var first, ..])
            {
                throw new DomainException(first.Code, first.Message, first.Field);
            }

            await new ProductCatalog(db).SaveAsync(settings, ct);
            return TypedResults.LocalRedirect($"{ProductsPage}?codigo={Uri.EscapeDataString(code)}&ok=1");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect(ErrorUrl(ProductsPage, e, code));
        }
    }

    /// <summary>Buckets as lines <c>label,from,to</c> (the last one without <c>to</c>: open-ended).</summary>
    internal static IReadOnlyList<AgingBucket> Buckets(string? text)
    {
        var buckets = new List<AgingBucket>();
        foreach (var line in (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length is < 2 or > 3
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var from))
            {
                throw new DomainException("invalid_buckets", $"'{line}' is not label,from,to.", "buckets");
            }

            int? to = parts.Length == 3 && parts[2].Length > 0
                ? int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : throw new DomainException("invalid_buckets", $"'{line}' is not label,from,to.", "buckets")
                : null;
            buckets.Add(new AgingBucket(parts[0], from, to));
        }

        return buckets;
    }

    internal static string BucketsText(IEnumerable<AgingBucket> buckets) =>
        string.Join('\n', buckets.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Label},{b.From},{b.To}")));

    /// <summary>Per-currency maximum amounts as typed on the page: <c>COP=50000000000; USD=10000000</c> (empty: none).</summary>
    internal static IReadOnlyDictionary<string, decimal> PerCurrency(string text)
    {
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var pair in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !Currency.TryOf(parts[0], out var currency))
            {
                throw new DomainException("invalid_value", $"'{pair}' is not CURRENCY=amount (for example COP=50000000000).", "max_amount_major_by_currency");
            }

            result[currency.Code] = Fraction(parts[1], "max_amount_major_by_currency", "max_amount_major_by_currency takes amounts in major units.") ?? 0m;
        }

        return result;
    }

    internal static string PerCurrencyText(IReadOnlyDictionary<string, decimal> values) =>
        string.Join("; ", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Key + "=" + v.Value.ToString(CultureInfo.InvariantCulture)));
}
