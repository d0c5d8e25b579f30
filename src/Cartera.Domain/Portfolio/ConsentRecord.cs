using Cartera.Domain.Common;

namespace Cartera.Domain.Portfolio;

/// <summary>
/// One consent decision, with its evidence: who recorded it, when, how (method) and the text or reference shown.
/// Append-only; the current consent is the latest record for a channel and purpose.
/// </summary>
public sealed class ConsentRecord
{
    private ConsentRecord()
    {
        RecordedBy = string.Empty;
        Method = string.Empty;
    }

    public long Id { get; private set; }

    public long DebtorId { get; private set; }

    public ConsentChannel Channel { get; private set; }

    public ConsentPurpose Purpose { get; private set; }

    public bool Granted { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>User or system that recorded the decision (for example <c>import:debtors.csv</c>).</summary>
    public string RecordedBy { get; private set; }

    /// <summary>How it was obtained: signed_form, web, call_recording, import, email_reply…</summary>
    public string Method { get; private set; }

    /// <summary>Text shown to the debtor, or a reference to the document that holds it.</summary>
    public string? Evidence { get; private set; }

    internal static ConsentRecord Create(ConsentChannel channel, ConsentPurpose purpose, bool granted, string recordedBy, string method, string? evidence, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(recordedBy) || string.IsNullOrWhiteSpace(method))
        {
            throw new DomainException("required", "Consent needs who recorded it and how.", "consent");
        }

        return new ConsentRecord
        {
            Channel = channel,
            Purpose = purpose,
            Granted = granted,
            RecordedBy = recordedBy,
            Method = method,
            Evidence = evidence,
            RecordedAt = at,
        };
    }
}
