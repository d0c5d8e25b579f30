using Cartera.Application.Compliance;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;

namespace Cartera.Web.Compliance;

/// <summary>The debtor compliance page's form: <see cref="OverrideData"/> with one checkbox per channel opt-out.</summary>
public sealed class OverrideForm
{
    public string? AgreedHours { get; set; }

    public string? AgreedHoursDocument { get; set; }

    // One property per channel: unticked checkboxes are not posted, so indexed collections would come back with gaps.
    public bool OptOutSms { get; set; }

    public bool OptOutEmail { get; set; }

    public bool OptOutWhatsApp { get; set; }

    public bool OptOutCalls { get; set; }

    public bool OptOutLetters { get; set; }

    public bool OptOutVisits { get; set; }

    public bool DoNotContact { get; set; }

    public bool DisputeHold { get; set; }

    public bool InsolvencyProceedings { get; set; }

    public bool Deceased { get; set; }

    public string? Note { get; set; }

    public static OverrideForm From(OverrideData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var optedOut = ChannelSet.Parse(data.OptedOutChannels);
        return new OverrideForm
        {
            AgreedHours = data.AgreedHours,
            AgreedHoursDocument = data.AgreedHoursDocument,
            OptOutSms = optedOut.Contains(ConsentChannel.Sms),
            OptOutEmail = optedOut.Contains(ConsentChannel.Email),
            OptOutWhatsApp = optedOut.Contains(ConsentChannel.WhatsApp),
            OptOutCalls = optedOut.Contains(ConsentChannel.Calls),
            OptOutLetters = optedOut.Contains(ConsentChannel.Letters),
            OptOutVisits = optedOut.Contains(ConsentChannel.Visits),
            DoNotContact = data.DoNotContact,
            DisputeHold = data.DisputeHold,
            InsolvencyProceedings = data.InsolvencyProceedings,
            Deceased = data.Deceased,
            Note = data.Note,
        };
    }

    /// <summary>The checkboxes: form field name, channel code, ticked.</summary>
    public IReadOnlyList<(string Field, string Code, bool Ticked)> OptOuts =>
    [
        (nameof(OptOutSms), "sms", OptOutSms),
        (nameof(OptOutEmail), "email", OptOutEmail),
        (nameof(OptOutWhatsApp), "whatsapp", OptOutWhatsApp),
        (nameof(OptOutCalls), "calls", OptOutCalls),
        (nameof(OptOutLetters), "letters", OptOutLetters),
        (nameof(OptOutVisits), "visits", OptOutVisits),
    ];

    public OverrideData ToData() => new(
        AgreedHours,
        AgreedHoursDocument,
        string.Join(';', OptOuts.Where(o => o.Ticked).Select(o => o.Code)),
        DoNotContact,
        DisputeHold,
        InsolvencyProceedings,
        Deceased,
        Note);
}
