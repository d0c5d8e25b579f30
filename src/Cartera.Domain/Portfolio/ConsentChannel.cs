namespace Cartera.Domain.Portfolio;

// Stored as snake_case text in the database and in files (see EnumCodes), so that values read the same in SQL, CSV
// and the API. Add members at the end only.

/// <summary>The ways Cartera can contact a debtor; consent and opt-outs are recorded per one of these.</summary>
public enum ConsentChannel
{
    Sms,
    Email,
    WhatsApp,
    Calls,
    Letters,
    Visits,
}
