using System.Globalization;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Export;

/// <summary>
/// The rows of each kind in the import's column order, streamed from the database. Cells are text (string), numbers
/// (decimal, int) or null; dates are yyyy-MM-dd text; amounts are decimals in major units of their currency.
/// </summary>
internal sealed class ExportRows(CarteraDbContext db)
{
    public IEnumerable<object?[]> Debtors()
    {
        var debtors = db.Debtors.AsNoTracking().Include(d => d.ContactPoints).Include(d => d.Consents).AsSplitQuery().OrderBy(d => d.Id);
        foreach (var d in debtors.AsEnumerable())
        {
            yield return
            [
                d.ExternalId, EnumCodes.ToCode(d.Kind), EnumCodes.ToCode(d.IdType), d.Document.ToString(), d.FullName, Date(d.BirthDate),
                d.Country, d.Region, d.City, d.Address,
                Contact(d, ContactChannel.Mobile), Contact(d, ContactChannel.Landline), Contact(d, ContactChannel.Email), Contact(d, ContactChannel.WhatsApp),
                Consent(d, ConsentChannel.Sms), Consent(d, ConsentChannel.Email), Consent(d, ConsentChannel.WhatsApp), Consent(d, ConsentChannel.Calls),
                d.Language, d.Segment,
            ];
        }
    }

    public IEnumerable<object?[]> Obligations()
    {
        var debtors = DebtorExternalIds();
        var obligations = db.Obligations.AsNoTracking().Include(o => o.Parties).AsSplitQuery().OrderBy(o => o.Id);
        foreach (var o in obligations.AsEnumerable())
        {
            var coDebtors = o.Parties.Where(p => p.Role == ObligationRole.CoDebtor).Select(p => debtors[p.DebtorId]).Order(StringComparer.Ordinal);
            yield return
            [
                o.ExternalId, debtors[o.DebtorId], EnumCodes.ToCode(o.Kind), o.Product, o.CurrencyCode, Date(o.IssueDate),
                Amount(o.PrincipalMinor, o.CurrencyCode), Rate(o.AnnualRateEa), Rate(o.ArrearsRateEa), o.Term,
                EnumCodes.ToCode(o.Frequency), EnumCodes.ToCode(o.Amortization), Date(o.FirstDueDate), o.Branch,
                string.Join(';', coDebtors) is { Length: > 0 } list ? list : null,
            ];
        }
    }

    public IEnumerable<object?[]> Installments()
    {
        var obligations = db.Obligations.AsNoTracking().Select(o => new { o.Id, o.ExternalId, o.CurrencyCode })
            .ToDictionary(o => o.Id, o => (o.ExternalId, o.CurrencyCode));
        var installments = db.Installments.AsNoTracking().OrderBy(i => i.ObligationId).ThenBy(i => i.Number);
        foreach (var i in installments.AsEnumerable())
        {
            var (externalId, currency) = obligations[i.ObligationId];
            yield return
            [
                externalId, i.Number, Date(i.DueDate), Amount(i.PrincipalMinor, currency), Amount(i.InterestMinor, currency),
                Amount(i.InsuranceMinor, currency), Amount(i.OtherMinor, currency),
            ];
        }
    }

    public IEnumerable<object?[]> Collateral()
    {
        var obligations = ObligationExternalIds();
        foreach (var c in db.Collaterals.AsNoTracking().OrderBy(c => c.Id).AsEnumerable())
        {
            yield return
            [
                c.ExternalId, obligations[c.ObligationId], EnumCodes.ToCode(c.Type), c.Description, Amount(c.AppraisedValueMinor, c.CurrencyCode),
                c.CurrencyCode, Date(c.AppraisalDate), Date(c.NextVerificationDate),
            ];
        }
    }

    public IEnumerable<object?[]> Insurance()
    {
        var obligations = ObligationExternalIds();
        foreach (var p in db.InsurancePolicies.AsNoTracking().OrderBy(p => p.Id).AsEnumerable())
        {
            yield return
            [
                p.ExternalId, obligations[p.ObligationId], p.Insurer, p.PolicyNumber, EnumCodes.ToCode(p.Type), Amount(p.InsuredValueMinor, p.CurrencyCode),
                p.CurrencyCode, Date(p.StartDate), Date(p.ExpiryDate), EnumCodes.ToCode(p.RenewalStatus),
            ];
        }
    }

    private Dictionary<long, string> DebtorExternalIds() =>
        db.Debtors.AsNoTracking().Select(d => new { d.Id, d.ExternalId }).ToDictionary(d => d.Id, d => d.ExternalId);

    private Dictionary<long, string> ObligationExternalIds() =>
        db.Obligations.AsNoTracking().Select(o => new { o.Id, o.ExternalId }).ToDictionary(o => o.Id, o => o.ExternalId);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Major units with exactly the currency's minor digits (10000000.00 COP).</summary>
    private static decimal Amount(long minor, string currency) => Money.FromMinorUnits(minor, Currency.Of(currency)).Amount;

    /// <summary>A rate without the trailing zeros of numeric(20,12): 0.18, not 0.180000000000.</summary>
    private static decimal? Rate(decimal? rate) => rate is { } r ? decimal.Parse(r.ToString("0.############################", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null;

    private static string? Contact(Debtor d, ContactChannel channel) =>
        d.ContactPoints.Where(c => c.Channel == channel).OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Id).FirstOrDefault()?.Value;

    private static string? Consent(Debtor d, ConsentChannel channel) =>
        d.CurrentConsent(channel, ConsentPurpose.Collection) switch
        {
            null => null,
            { Granted: true } => "yes",
            _ => "no",
        };
}
