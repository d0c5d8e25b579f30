using Cartera.Domain.Common;

namespace Cartera.Domain.Portfolio;

/// <summary>
/// A debtor (deudor / cliente / socio): the unit of collection work. Identified internally by <see cref="Id"/> and
/// towards the lender's core system by <see cref="ExternalId"/>. Holds contact points and the history of consents.
/// </summary>
public sealed class Debtor
{
    private readonly List<ContactPoint> _contactPoints = [];
    private readonly List<ConsentRecord> _consents = [];

    private Debtor()
    {
        ExternalId = string.Empty;
        IdNumber = string.Empty;
        FullName = string.Empty;
        Country = string.Empty;
        TimeZone = string.Empty;
        Language = "es";
    }

    public long Id { get; private set; }

    public string ExternalId { get; private set; }

    public PartyKind Kind { get; private set; }

    public IdType IdType { get; private set; }

    /// <summary>Normalized number (digits only for CC/NIT); the NIT's check digit is in <see cref="IdCheckDigit"/>.</summary>
    public string IdNumber { get; private set; }

    public string? IdCheckDigit { get; private set; }

    public string FullName { get; private set; }

    public DateOnly? BirthDate { get; private set; }

    /// <summary>ISO 3166-1 alpha-2 country of the debtor's jurisdiction.</summary>
    public string Country { get; private set; }

    public string? Region { get; private set; }

    public string? City { get; private set; }

    public string? Address { get; private set; }

    /// <summary>IANA time zone used for the debtor's local time (contact windows, "today").</summary>
    public string TimeZone { get; private set; }

    /// <summary>Preferred language, ISO 639-1 (es, en).</summary>
    public string Language { get; private set; }

    public string? Segment { get; private set; }

    /// <summary>Optimistic concurrency token.</summary>
    public uint Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<ContactPoint> ContactPoints => _contactPoints;

    public IReadOnlyList<ConsentRecord> Consents => _consents;

    public IdentityDocument Document => new(IdType, IdNumber, IdCheckDigit);

    public static Debtor Create(DebtorData data, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(data);
        var debtor = new Debtor { CreatedAt = now };
        debtor.Apply(Normalize(data), now);
        return debtor;
    }

    /// <summary>
    /// Replaces the descriptive data (names, address, jurisdiction). Returns whether anything changed: the data is
    /// compared after normalization, so a row that differs only in blanks, letter case of the country or language, or
    /// an omitted time zone equal to the derived one changes nothing.
    /// </summary>
    public bool Update(DebtorData data, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(data);
        var normalized = Normalize(data);
        if (normalized.Equals(ToData()))
        {
            return false;
        }

        Apply(normalized, now);
        return true;
    }

    public DebtorData ToData() => new(
        ExternalId, Kind, Document, FullName, BirthDate, Country, Region, City, Address, TimeZone, Language, Segment);

    /// <summary>Adds a contact point, or returns the existing one with the same channel and value.</summary>
    public ContactPoint AddContactPoint(ContactChannel channel, string value, DateTimeOffset now)
    {
        var normalized = ContactPoint.Normalize(channel, value);
        var existing = _contactPoints.FirstOrDefault(c => c.Channel == channel && c.Value == normalized);
        if (existing is not null)
        {
            return existing;
        }

        var contact = ContactPoint.Create(channel, normalized, isPrimary: _contactPoints.TrueForAll(c => c.Channel != channel), now);
        _contactPoints.Add(contact);
        UpdatedAt = now;
        return contact;
    }

    /// <summary>The current consent for a channel and purpose: the latest record, or none.</summary>
    /// <remarks>
    /// Latest means the greatest <see cref="ConsentRecord.RecordedAt"/>; records at the same instant are ordered as they
    /// were recorded (saved ones by id, then unsaved ones in the order they were added).
    /// </remarks>
    public ConsentRecord? CurrentConsent(ConsentChannel channel, ConsentPurpose purpose) =>
        _consents.Select((c, position) => (Record: c, Position: position))
            .Where(x => x.Record.Channel == channel && x.Record.Purpose == purpose)
            .OrderByDescending(x => x.Record.RecordedAt)
            .ThenByDescending(x => x.Record.Id == 0 ? long.MaxValue : x.Record.Id)
            .ThenByDescending(x => x.Position)
            .Select(x => x.Record)
            .FirstOrDefault();

    /// <summary>
    /// Records a consent decision (granted or withdrawn). Consent history is append-only: a change is a new record, and a
    /// decision dated before the current one is refused (<c>invalid_date</c>). Returns null when the decision equals
    /// the current one (nothing to record).
    /// </summary>
    public ConsentRecord? RecordConsent(ConsentChannel channel, ConsentPurpose purpose, bool granted, string recordedBy, string method, string? evidence, DateTimeOffset at)
    {
        var current = CurrentConsent(channel, purpose);
        if (current is not null && at < current.RecordedAt)
        {
            throw new DomainException("invalid_date", "A consent decision cannot be recorded before the current one: history is append-only.", "consent");
        }

        if (current is not null && current.Granted == granted)
        {
            return null;
        }

        var record = ConsentRecord.Create(channel, purpose, granted, recordedBy, method, evidence, at);
        _consents.Add(record);
        UpdatedAt = at;
        return record;
    }

    /// <summary>Validates the data and returns it as it would be stored (trimmed, upper-case country, time zone, language).</summary>
    private static DebtorData Normalize(DebtorData data)
    {
        if (string.IsNullOrWhiteSpace(data.ExternalId))
        {
            throw new DomainException("required", "The debtor id is required.", "debtor_id");
        }

        if (string.IsNullOrWhiteSpace(data.FullName))
        {
            throw new DomainException("required", "The full name is required.", "full_name");
        }

        if (data.Kind == PartyKind.Company && data.BirthDate is not null)
        {
            throw new DomainException("invalid_value", "A company has no birth date.", "birth_date");
        }

        ArgumentNullException.ThrowIfNull(data.Document, nameof(data.Document));
        var country = Jurisdictions.NormalizeCountry(data.Country);
        return data with
        {
            ExternalId = data.ExternalId.Trim(),
            FullName = data.FullName.Trim(),
            Country = country,
            TimeZone = string.IsNullOrWhiteSpace(data.TimeZone) ? Jurisdictions.DefaultTimeZone(country, data.Region) : data.TimeZone.Trim(),
            Language = string.IsNullOrWhiteSpace(data.Language) ? "es" : data.Language.Trim().ToLowerInvariant(),
        };
    }

    private void Apply(DebtorData normalized, DateTimeOffset now)
    {
        ExternalId = normalized.ExternalId;
        Kind = normalized.Kind;
        IdType = normalized.Document.Type;
        IdNumber = normalized.Document.Number;
        IdCheckDigit = normalized.Document.CheckDigit;
        FullName = normalized.FullName;
        BirthDate = normalized.BirthDate;
        Country = normalized.Country;
        Region = normalized.Region;
        City = normalized.City;
        Address = normalized.Address;
        TimeZone = normalized.TimeZone!;
        Language = normalized.Language!;
        Segment = normalized.Segment;
        UpdatedAt = now;
    }
}

/// <summary>The descriptive data of a debtor, as imported or entered. A null time zone is derived from country and region.</summary>
public sealed record DebtorData(
    string ExternalId,
    PartyKind Kind,
    IdentityDocument Document,
    string FullName,
    DateOnly? BirthDate,
    string Country,
    string? Region,
    string? City,
    string? Address,
    string? TimeZone,
    string? Language,
    string? Segment);
