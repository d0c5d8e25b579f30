using System.Globalization;
using System.Text;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Common;

namespace Cartera.Domain.Collection.Visits;

// Stored as snake_case text in the database, files and the API (see EnumCodes). Add members at the end only.

/// <summary>Why a field agent visits a debtor (seed 001).</summary>
public enum VisitPurpose
{
    /// <summary>Cobranza: collect what is past due.</summary>
    Collection,

    /// <summary>Visita de mantenimiento: look after a good client.</summary>
    Maintenance,

    /// <summary>Visita y verificación de garantías: check a collateral.</summary>
    CollateralVerification,

    /// <summary>Renovación de pólizas: renew an insurance policy.</summary>
    InsuranceRenewal,
}

/// <summary>Where a visit stands: planned, then done (the agent met someone), failed (no one, wrong address) or cancelled.</summary>
public enum VisitStatus
{
    Planned,
    Done,
    Failed,
    Cancelled,
}

/// <summary>What a supervisor enters to plan a visit. The address and area come from the debtor's data when left empty.</summary>
public sealed record VisitPlan(
    long DebtorId,
    string AgentUserId,
    VisitPurpose Purpose,
    DateOnly PlannedOn,
    string Address,
    string Area,
    long? AddressContactPointId,
    long? CollateralId,
    long? InsurancePolicyId,
    string? Note);

/// <summary>
/// One field visit (visita de campo): a debtor, the field agent who goes, the planned date (the lender's calendar),
/// the address and the area the day's route is ordered by, the purpose (with the collateral or the insurance policy it
/// concerns for verification and renewal visits) and the status. Recording the result links the activity that logged
/// it (Collection's activity log); a visit is never deleted.
/// </summary>
public sealed class FieldVisit
{
    public const int MaxAddressLength = 300;

    public const int MaxAreaLength = 100;

    public const int MaxNoteLength = 2000;

    private FieldVisit()
    {
        AgentUserId = string.Empty;
        Address = string.Empty;
        Area = string.Empty;
        AreaKey = string.Empty;
        CreatedBy = string.Empty;
    }

    public long Id { get; private set; }

    public long DebtorId { get; private set; }

    /// <summary>The field agent's internal user id.</summary>
    public string AgentUserId { get; private set; }

    public VisitPurpose Purpose { get; private set; }

    public DateOnly PlannedOn { get; private set; }

    public string Address { get; private set; }

    /// <summary>The area as shown (the debtor's city, or what the supervisor typed).</summary>
    public string Area { get; private set; }

    /// <summary>The area as the route orders it (<see cref="VisitRoute.AreaKey"/>).</summary>
    public string AreaKey { get; private set; }

    /// <summary>The debtor's postal-address contact point the address came from, if any.</summary>
    public long? AddressContactPointId { get; private set; }

    public long? CollateralId { get; private set; }

    public long? InsurancePolicyId { get; private set; }

    public string? Note { get; private set; }

    public VisitStatus Status { get; private set; }

    /// <summary>The activity that logged the result (done or failed).</summary>
    public long? ActivityId { get; private set; }

    public string? ResultNote { get; private set; }

    public DateTimeOffset? ResultAt { get; private set; }

    public string? CancelReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Validates and plans a visit.</summary>
    /// <exception cref="DomainException">
    /// <c>required</c>, <c>invalid_code</c>, <c>too_long</c>, <c>invalid_date</c> (before <paramref name="today"/>),
    /// <c>invalid_value</c> (a collateral outside a verification visit, a policy outside a renewal visit).
    /// </exception>
    public static FieldVisit Plan(VisitPlan plan, DateOnly today, string createdBy, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.DebtorId <= 0)
        {
            throw new DomainException("required", "The visit needs a debtor.", "debtor_id");
        }

        if (string.IsNullOrWhiteSpace(plan.AgentUserId))
        {
            throw new DomainException("required", "The visit needs a field agent.", "agent");
        }

        if (!Enum.IsDefined(plan.Purpose))
        {
            throw new DomainException("invalid_code", $"The purpose must be one of: {string.Join(", ", EnumCodes.Codes<VisitPurpose>())}.", "purpose");
        }

        if (plan.PlannedOn < today)
        {
            throw new DomainException("invalid_date", "A visit cannot be planned for a past date.", "planned_on");
        }

        if (plan.CollateralId is not null && plan.Purpose != VisitPurpose.CollateralVerification)
        {
            throw new DomainException("invalid_value", "Only a collateral verification visit names a collateral.", "collateral_id");
        }

        if (plan.InsurancePolicyId is not null && plan.Purpose != VisitPurpose.InsuranceRenewal)
        {
            throw new DomainException("invalid_value", "Only an insurance renewal visit names a policy.", "insurance_policy_id");
        }

        var address = Text(plan.Address, MaxAddressLength, "address") ?? throw new DomainException("required", "The visit needs an address.", "address");
        var area = Text(plan.Area, MaxAreaLength, "area") ?? string.Empty;
        return new FieldVisit
        {
            DebtorId = plan.DebtorId,
            AgentUserId = plan.AgentUserId,
            Purpose = plan.Purpose,
            PlannedOn = plan.PlannedOn,
            Address = address,
            Area = area,
            AreaKey = VisitRoute.AreaKey(area),
            AddressContactPointId = plan.AddressContactPointId,
            CollateralId = plan.CollateralId,
            InsurancePolicyId = plan.InsurancePolicyId,
            Note = Text(plan.Note, MaxNoteLength, "note"),
            Status = VisitStatus.Planned,
            CreatedAt = at,
            CreatedBy = createdBy ?? string.Empty,
            UpdatedAt = at,
        };
    }

    /// <summary>Records the result of a planned visit: done or failed, with the activity that logged it.</summary>
    /// <exception cref="DomainException"><c>invalid_status</c> (not planned), <c>invalid_value</c> (not done or failed), <c>too_long</c>.</exception>
    public void RecordResult(VisitStatus result, long activityId, string? note, DateTimeOffset at)
    {
        EnsurePlanned();
        if (result is not (VisitStatus.Done or VisitStatus.Failed))
        {
            throw new DomainException("invalid_value", "A visit's result is done or failed.", "status");
        }

        Status = result;
        ActivityId = activityId;
        ResultNote = Text(note, MaxNoteLength, "note");
        ResultAt = at;
        UpdatedAt = at;
    }

    /// <summary>Cancels a planned visit.</summary>
    /// <exception cref="DomainException"><c>invalid_status</c>, <c>required</c> (reason), <c>too_long</c>.</exception>
    public void Cancel(string? reason, DateTimeOffset at)
    {
        EnsurePlanned();
        CancelReason = Text(reason, MaxNoteLength, "reason") ?? throw new DomainException("required", "Cancelling a visit needs a reason.", "reason");
        Status = VisitStatus.Cancelled;
        UpdatedAt = at;
    }

    /// <summary>
    /// Whether an outcome fits a result: a failed visit met no one (<c>no_answer</c>) or found the address wrong
    /// (<c>wrong_number</c>); a done visit met someone (any other outcome).
    /// </summary>
    /// <exception cref="DomainException"><c>invalid_value</c>.</exception>
    public static void CheckResult(VisitStatus result, ActivityOutcome outcome)
    {
        if (result is not (VisitStatus.Done or VisitStatus.Failed))
        {
            throw new DomainException("invalid_value", "A visit's result is done or failed.", "status");
        }

        var failedOutcome = outcome is ActivityOutcome.NoAnswer or ActivityOutcome.WrongNumber;
        if (failedOutcome != (result == VisitStatus.Failed))
        {
            throw new DomainException("invalid_value", "A failed visit's outcome is no_answer or wrong_number; a done visit's is any other.", "outcome");
        }
    }

    /// <summary>Checks a result can still be recorded (before the activity is logged).</summary>
    /// <exception cref="DomainException"><c>invalid_status</c>.</exception>
    public void EnsurePlanned()
    {
        if (Status != VisitStatus.Planned)
        {
            throw new DomainException("invalid_status", $"The visit is {EnumCodes.ToCode(Status)}, not planned.", "status");
        }
    }

    private static string? Text(string? value, int max, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length > max ? throw new DomainException("too_long", $"The {field} is longer than {max.ToString(CultureInfo.InvariantCulture)} characters.", field) : trimmed;
    }
}

/// <summary>
/// The order of a field agent's day (seed 001, issue 13 item 8): by area, then by address, then by visit id. Areas and
/// addresses compare by their key — trimmed, spaces collapsed, accents removed, upper case, ordinal — so "Bogotá",
/// " bogota " and "BOGOTA" are one area and the order is the same on every database and culture. A visit without an area
/// comes first (empty key).
/// </summary>
public static class VisitRoute
{
    public static string AreaKey(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && key.Length > 0)
            {
                key.Append(' ');
            }

            space = false;
            key.Append(char.ToUpperInvariant(c));
        }

        return key.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Orders a day's visits: area key, address key, visit id (all ordinal).</summary>
    public static IReadOnlyList<T> Order<T>(IEnumerable<T> visits, Func<T, string> area, Func<T, string> address, Func<T, long> id) =>
        visits.OrderBy(v => AreaKey(area(v)), StringComparer.Ordinal)
            .ThenBy(v => AreaKey(address(v)), StringComparer.Ordinal)
            .ThenBy(id)
            .ToList();
}
