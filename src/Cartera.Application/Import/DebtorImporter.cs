using System.Globalization;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using static Cartera.Application.Import.DebtorColumns;

namespace Cartera.Application.Import;

/// <summary>
/// debtors: new debtors (with their contact points and consents) are bulk-written; existing ones (same debtor_id)
/// get their descriptive data, new contact points and changed consents through EF, which audits each update.
/// </summary>
internal sealed class DebtorImporter(ImportContext context) : KindImporter(context)
{
    private static readonly (int Column, ContactChannel Channel)[] Contacts =
        [(Mobile, ContactChannel.Mobile), (Phone, ContactChannel.Landline), (Email, ContactChannel.Email), (WhatsApp, ContactChannel.WhatsApp)];

    private static readonly (int Column, ConsentChannel Channel)[] ConsentColumns =
        [(ConsentSms, ConsentChannel.Sms), (ConsentEmail, ConsentChannel.Email), (ConsentWhatsApp, ConsentChannel.WhatsApp), (ConsentCalls, ConsentChannel.Calls)];

    /// <summary>A birth date more than this many years ago is not plausible.</summary>
    public const int MaxAgeYears = 120;

    private readonly SeenKeys _seenIds = new();
    private readonly SeenKeys _seenDocuments = new();
    private readonly List<Row> _pending = [];

    private sealed record Row(long Number, DebtorData Data, List<(ContactChannel Channel, string Value)> Contacts, List<(ConsentChannel Channel, bool Granted)> Consents, Debtor New);

    public override IReadOnlyList<string> IdTables => ["debtors", "contact_points", "consent_records"];

    public override int Pending => _pending.Count;

    private string RecordedBy => "import:" + Context.FileName;

    public override void ReadRow(CellParser cells)
    {
        var externalId = cells.Required(DebtorId);
        var kind = cells.Code<PartyKind>(Kind, true);
        var idType = cells.Code<IdType>(IdTypeCol, true);
        var idText = cells.Required(IdNumber);
        IdentityDocument? document = null;
        if (idType is { } type && idText is not null)
        {
            try
            {
                document = IdentityDocument.Parse(type, idText);
            }
            catch (DomainException e)
            {
                cells.Error(e, IdNumber);
            }
        }

        var fullName = cells.Required(FullName);
        var birthDate = cells.Date(BirthDate, false);
        if (birthDate is { } born)
        {
            var today = Context.LenderToday;
            if (born > today || born < today.AddYears(-MaxAgeYears))
            {
                cells.Error(BirthDate, "implausible_date", string.Create(CultureInfo.InvariantCulture,
                    $"La fecha de nacimiento {born:yyyy-MM-dd} no es plausible: no puede ser futura ni de hace más de {MaxAgeYears} años."));
            }
        }

        var countryText = cells.Required(Country);
        string? country = null;
        if (countryText is not null)
        {
            try
            {
                country = Jurisdictions.NormalizeCountry(countryText);
            }
            catch (DomainException e)
            {
                cells.Error(Country, e.Code, e.Message);
            }
        }

        var contacts = new List<(ContactChannel, string)>();
        foreach (var (column, channel) in Contacts)
        {
            if (cells.Text(column) is { } value)
            {
                try
                {
                    contacts.Add((channel, ContactPoint.Normalize(channel, value)));
                }
                catch (DomainException e)
                {
                    cells.Error(column, e.Code, e.Message);
                }
            }
        }

        var consents = new List<(ConsentChannel, bool)>();
        foreach (var (column, channel) in ConsentColumns)
        {
            if (cells.YesNo(column) is { } granted)
            {
                consents.Add((channel, granted));
            }
        }

        var language = cells.Text(Language)?.ToLowerInvariant() ?? "es";
        if (externalId is not null)
        {
            if (_seenIds.TryGetValue(externalId, out var first))
            {
                cells.Error(DebtorId, "duplicate_id", $"Debtor '{externalId}' appears more than once in the file (first on row {first}).");
            }
            else
            {
                _seenIds[externalId] = cells.Row;
            }
        }

        if (document is not null && country is not null)
        {
            var key = $"{country}|{EnumCodes.ToCode(document.Type)}|{document.Number}";
            if (_seenDocuments.TryGetValue(key, out var first))
            {
                cells.Error(IdNumber, "duplicate_document", $"The document {document} appears more than once in the file (first on row {first}).");
            }
            else
            {
                _seenDocuments[key] = cells.Row;
            }
        }

        if (cells.RowFailed)
        {
            if (kind == PartyKind.Company && birthDate is not null)
            {
                cells.Error(BirthDate, "invalid_value", "A company has no birth date."); // the rule Debtor.Create applies to a row that parsed
            }

            return;
        }

        var data = new DebtorData(externalId!, kind!.Value, document!, fullName!, birthDate, country!, cells.Text(Region), cells.Text(City),
            cells.Text(Address), null, language, cells.Text(Segment));
        try
        {
            var debtor = Debtor.Create(data, Context.Now);
            foreach (var (channel, value) in contacts)
            {
                debtor.AddContactPoint(channel, value, Context.Now);
            }

            foreach (var (channel, granted) in consents)
            {
                debtor.RecordConsent(channel, ConsentPurpose.Collection, granted, RecordedBy, "import", null, Context.Now);
            }

            _pending.Add(new Row(cells.Row, data, contacts, consents, debtor));
        }
        catch (DomainException e)
        {
            cells.Error(e, DebtorId);
        }
    }

    public override async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var db = Context.Db;
        // A cheap id lookup first: a first load finds nothing and skips loading entities altogether.
        var known = await Context.IdsByExternalIdAsync("debtors", _pending.Select(r => r.Data.ExternalId).ToList(), cancellationToken);
        var ids = known.Values.ToList();
        var existing = ids.Count == 0
            ? new Dictionary<string, Debtor>(StringComparer.Ordinal)
            : await db.Debtors.Include(d => d.ContactPoints).Include(d => d.Consents)
                .Where(d => EF.Parameter(ids).Contains(d.Id))
                .ToDictionaryAsync(d => d.ExternalId, StringComparer.Ordinal, cancellationToken);
        var taken = await DocumentsTakenAsync(cancellationToken);
        var created = new List<Debtor>();
        foreach (var row in _pending)
        {
            if (taken.TryGetValue(DocumentKey(row.Data), out var owner) && owner != row.Data.ExternalId)
            {
                Context.Error(row.Number, IdNumber, "duplicate_document", $"The document {row.Data.Document} already belongs to debtor '{owner}'.");
            }
            else if (existing.TryGetValue(row.Data.ExternalId, out var debtor))
            {
                if (Update(debtor, row))
                {
                    Context.Updated++;
                }
                else
                {
                    Context.Unchanged++;
                }
            }
            else
            {
                created.Add(row.New);
                Context.Inserted++;
            }
        }

        _pending.Clear();
        if (!Context.Failed)
        {
            Write(created);
            AssignIdsToAddedRows();
            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
    }

    private bool Update(Debtor debtor, Row row)
    {
        var now = Context.Now;
        var sameJurisdiction = debtor.Country == row.Data.Country && debtor.Region == row.Data.Region;
        var data = row.Data with { TimeZone = sameJurisdiction ? debtor.TimeZone : Jurisdictions.DefaultTimeZone(row.Data.Country, row.Data.Region) };
        var changed = debtor.Update(data, now);
        foreach (var (channel, value) in row.Contacts)
        {
            var count = debtor.ContactPoints.Count;
            debtor.AddContactPoint(channel, value, now);
            changed |= debtor.ContactPoints.Count != count;
        }

        foreach (var (channel, granted) in row.Consents)
        {
            changed |= debtor.RecordConsent(channel, ConsentPurpose.Collection, granted, RecordedBy, "import", null, now) is not null;
        }

        return changed;
    }

    private static string DocumentKey(DebtorData d) => $"{d.Country}|{EnumCodes.ToCode(d.Document.Type)}|{d.Document.Number}";

    /// <summary>Documents of the batch already stored (the database refuses two debtors with the same document).</summary>
    private async Task<Dictionary<string, string>> DocumentsTakenAsync(CancellationToken cancellationToken)
    {
        var numbers = _pending.Select(r => r.Data.Document.Number).Distinct(StringComparer.Ordinal).ToList();
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = Context.Writer.Command(string.Empty);
        command.CommandText = $"SELECT country, id_type, id_number, external_id FROM debtors WHERE {Context.Writer.InList(command, "id_number", numbers)}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            taken[$"{reader.GetString(0)}|{reader.GetString(1)}|{reader.GetString(2)}"] = reader.GetString(3);
        }

        return taken;
    }

    private void Write(List<Debtor> created)
    {
        if (created.Count == 0)
        {
            return;
        }

        var writer = Context.Writer;
        var ids = new long[created.Count];
        using (var sink = writer.Open(BulkTables.Debtors))
        {
            for (var i = 0; i < created.Count; i++)
            {
                ids[i] = writer.NextId("debtors");
                BulkTables.Debtors.Write(sink, (ids[i], created[i]));
            }

            sink.Complete();
        }

        using (var sink = writer.Open(BulkTables.ContactPoints))
        {
            for (var i = 0; i < created.Count; i++)
            {
                foreach (var c in created[i].ContactPoints)
                {
                    BulkTables.ContactPoints.Write(sink, (writer.NextId("contact_points"), ids[i], c));
                }
            }

            sink.Complete();
        }

        using (var sink = writer.Open(BulkTables.ConsentRecords))
        {
            for (var i = 0; i < created.Count; i++)
            {
                foreach (var c in created[i].Consents)
                {
                    BulkTables.ConsentRecords.Write(sink, (writer.NextId("consent_records"), ids[i], c));
                }
            }

            sink.Complete();
        }
    }

    /// <summary>Contact points and consents added to existing debtors take ids from the same reserved ranges as bulk rows.</summary>
    private void AssignIdsToAddedRows()
    {
        foreach (var entry in Context.Db.ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Added)
            {
                continue;
            }

            var table = entry.Entity switch
            {
                ContactPoint => "contact_points",
                ConsentRecord => "consent_records",
                _ => null,
            };
            if (table is not null)
            {
                entry.Property("Id").CurrentValue = Context.Writer.NextId(table);
            }
        }
    }
}
