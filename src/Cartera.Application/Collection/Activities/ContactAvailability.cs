using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Activities;

/// <summary>The gate's answer for one kind of contact now: allowed, or every reason and the next allowed instant.</summary>
public sealed record ContactAnswer(ActivityKind Kind, ConsentChannel Channel, bool Allowed, IReadOnlyList<ComplianceReason> Reasons, DateTimeOffset? NextAllowedAt, string RuleSetVersion);

/// <summary>A contact point with the answer for each kind of contact that can use it ("¿puedo llamar ahora?").</summary>
public sealed record ContactPointAnswer(long ContactPointId, ContactChannel Channel, string Value, bool DoNotContact, IReadOnlyList<ContactAnswer> Answers);

/// <summary>
/// "Can I contact now / next allowed instant" for a debtor's page and the API: the compliance gate's preview
/// (<see cref="ContactGate.PreviewAsync"/>, nothing recorded) per kind of contact, and per contact point the kinds that
/// can use it. A do-not-contact point is listed with its flag; the gate's answer does not make it usable.
/// </summary>
public sealed class ContactAvailability(CarteraDbContext db, ContactGate gate, TimeProvider clock)
{
    private static readonly ActivityKind[] Contacts = [ActivityKind.Call, ActivityKind.Sms, ActivityKind.WhatsApp, ActivityKind.Email, ActivityKind.Visit];

    /// <summary>The answer for one kind now.</summary>
    /// <exception cref="Domain.Common.DomainException"><c>not_found</c> (debtor), <c>invalid_value</c> for a note.</exception>
    public async Task<ContactAnswer> CheckAsync(long debtorId, ActivityKind kind, ContactActor actor, CancellationToken ct = default)
    {
        var channel = CollectionActivity.GateChannel(kind) ?? throw new Domain.Common.DomainException("invalid_value", "A note contacts no one.", "channel");
        var result = await gate.PreviewAsync(new ContactGateRequest(debtorId, channel, ConsentPurpose.Collection, clock.GetUtcNow(), actor), ct);
        var d = result.Decision;
        return new ContactAnswer(kind, channel, d.Allowed, d.Reasons, d.NextAllowedAt, d.RuleSetVersion);
    }

    /// <summary>Every contact point of the debtor with the answer for each kind that can use it.</summary>
    public async Task<IReadOnlyList<ContactPointAnswer>> ForDebtorAsync(long debtorId, ContactActor actor, CancellationToken ct = default)
    {
        var points = await db.ContactPoints.AsNoTracking().Where(c => c.DebtorId == debtorId)
            .OrderBy(c => c.Channel).ThenByDescending(c => c.IsPrimary).ThenBy(c => c.Id).ToListAsync(ct);
        var answers = new Dictionary<ActivityKind, ContactAnswer>();
        foreach (var kind in Contacts)
        {
            if (points.Exists(p => CollectionActivity.ContactChannels(kind).Contains(p.Channel)))
            {
                answers[kind] = await CheckAsync(debtorId, kind, actor, ct);
            }
        }

        return points.Select(p => new ContactPointAnswer(
            p.Id, p.Channel, p.Value, p.DoNotContact,
            Contacts.Where(k => CollectionActivity.ContactChannels(k).Contains(p.Channel)).Select(k => answers[k]).ToList())).ToList();
    }
}
