using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Tests.Domain.Portfolio;

public sealed class DebtorTests
{
    internal static readonly DateTimeOffset Now = new(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);

    internal static DebtorData Data(string externalId = "D1") => new(
        externalId, PartyKind.Person, IdentityDocument.Parse(IdType.CC, "79123456"), "Ana Pérez", new DateOnly(1985, 4, 2),
        "CO", null, "Bogotá", "Calle 10 # 5-51", null, null, null);

    internal static Debtor NewDebtor() => Debtor.Create(Data(), Now);

    [Fact]
    public void A_new_debtor_gets_the_time_zone_of_its_jurisdiction_and_Spanish_by_default()
    {
        var debtor = Debtor.Create(Data() with { Country = "mx", Region = "BC" }, Now);
        debtor.Country.ShouldBe("MX");
        debtor.TimeZone.ShouldBe("America/Tijuana");
        debtor.Language.ShouldBe("es");
        debtor.CreatedAt.ShouldBe(Now);
        debtor.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void An_explicit_time_zone_wins_over_the_derived_one()
    {
        Debtor.Create(Data() with { Country = "US", Region = "TN", TimeZone = "America/New_York" }, Now).TimeZone.ShouldBe("America/New_York");
    }

    [Fact]
    public void Ids_and_names_are_trimmed_and_the_language_lower_cased()
    {
        var debtor = Debtor.Create(Data() with { ExternalId = " D1 ", FullName = "  Ana Pérez ", Language = " EN " }, Now);
        debtor.ExternalId.ShouldBe("D1");
        debtor.FullName.ShouldBe("Ana Pérez");
        debtor.Language.ShouldBe("en");
    }

    [Theory]
    [InlineData("", "Ana", "debtor_id")]
    [InlineData("D1", " ", "full_name")]
    public void The_debtor_id_and_full_name_are_required(string externalId, string fullName, string field)
    {
        var ex = Should.Throw<DomainException>(() => Debtor.Create(Data() with { ExternalId = externalId, FullName = fullName }, Now));
        ex.Code.ShouldBe("required");
        ex.Field.ShouldBe(field);
    }

    [Fact]
    public void A_company_has_no_birth_date()
    {
        var ex = Should.Throw<DomainException>(() => Debtor.Create(Data() with { Kind = PartyKind.Company }, Now));
        ex.Code.ShouldBe("invalid_value");
        ex.Field.ShouldBe("birth_date");
    }

    [Fact]
    public void An_unsupported_country_is_refused()
    {
        Should.Throw<DomainException>(() => Debtor.Create(Data() with { Country = "ZZ" }, Now)).Code.ShouldBe("unknown_country");
    }

    [Fact]
    public void The_document_round_trips_with_its_check_digit()
    {
        var nit = IdentityDocument.Parse(IdType.NIT, "890.903.938-8");
        var debtor = Debtor.Create(Data() with { Kind = PartyKind.Company, BirthDate = null, Document = nit }, Now);
        debtor.IdNumber.ShouldBe("890903938");
        debtor.IdCheckDigit.ShouldBe("8");
        debtor.Document.ShouldBe(nit);
    }

    [Fact]
    public void Updating_with_the_same_data_changes_nothing()
    {
        var debtor = NewDebtor();
        debtor.Update(debtor.ToData(), Now.AddDays(1)).ShouldBeFalse();
        debtor.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Updating_with_the_same_row_as_imported_changes_nothing()
    {
        // The importer passes the row as written: untrimmed, lower-case country, no time zone, no language.
        var row = Data() with { ExternalId = " D1", Country = "co", FullName = "Ana Pérez ", TimeZone = null, Language = null };
        var debtor = Debtor.Create(row, Now);
        debtor.Update(row, Now.AddDays(1)).ShouldBeFalse();
        debtor.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Updating_a_field_reports_the_change_and_stamps_the_time()
    {
        var debtor = NewDebtor();
        var later = Now.AddDays(1);
        debtor.Update(debtor.ToData() with { City = "Medellín" }, later).ShouldBeTrue();
        debtor.City.ShouldBe("Medellín");
        debtor.UpdatedAt.ShouldBe(later);
    }

    [Fact]
    public void An_invalid_update_leaves_the_debtor_unchanged()
    {
        var debtor = NewDebtor();
        Should.Throw<DomainException>(() => debtor.Update(debtor.ToData() with { City = "Cali", FullName = "" }, Now.AddDays(1)));
        debtor.City.ShouldBe("Bogotá");
        debtor.FullName.ShouldBe("Ana Pérez");
    }

    [Fact]
    public void A_contact_point_is_added_once_per_channel_and_normalized_value()
    {
        var debtor = NewDebtor();
        var first = debtor.AddContactPoint(ContactChannel.Mobile, "300 123 4567", Now);
        var again = debtor.AddContactPoint(ContactChannel.Mobile, "300-123-4567", Now);
        again.ShouldBeSameAs(first);
        debtor.ContactPoints.Count.ShouldBe(1);
        debtor.AddContactPoint(ContactChannel.WhatsApp, "3001234567", Now);
        debtor.ContactPoints.Count.ShouldBe(2);
    }

    [Fact]
    public void The_first_contact_point_of_a_channel_is_the_primary_one()
    {
        var debtor = NewDebtor();
        debtor.AddContactPoint(ContactChannel.Email, "a@example.com", Now).IsPrimary.ShouldBeTrue();
        debtor.AddContactPoint(ContactChannel.Email, "b@example.com", Now).IsPrimary.ShouldBeFalse();
        debtor.AddContactPoint(ContactChannel.Mobile, "3001234567", Now).IsPrimary.ShouldBeTrue();
    }

    [Fact]
    public void There_is_no_consent_until_one_is_recorded()
    {
        NewDebtor().CurrentConsent(ConsentChannel.Sms, ConsentPurpose.Collection).ShouldBeNull();
    }

    [Fact]
    public void Consent_history_is_append_only_and_the_current_consent_is_the_latest()
    {
        var debtor = NewDebtor();
        var granted = debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, true, "import:debtors.csv", "import", null, Now);
        var withdrawn = debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, false, "user:7", "call_recording", "rec-123", Now.AddDays(3));

        granted.ShouldNotBeNull();
        withdrawn.ShouldNotBeNull();
        debtor.Consents.ShouldBe([granted, withdrawn]);
        granted.Granted.ShouldBeTrue(); // the earlier record is kept as it was
        debtor.CurrentConsent(ConsentChannel.Sms, ConsentPurpose.Collection).ShouldBeSameAs(withdrawn);
        withdrawn.RecordedBy.ShouldBe("user:7");
        withdrawn.Method.ShouldBe("call_recording");
        withdrawn.Evidence.ShouldBe("rec-123");
        withdrawn.RecordedAt.ShouldBe(Now.AddDays(3));
    }

    [Fact]
    public void Recording_the_same_decision_again_records_nothing()
    {
        var debtor = NewDebtor();
        debtor.RecordConsent(ConsentChannel.Email, ConsentPurpose.Reminders, true, "web", "web", null, Now);
        debtor.RecordConsent(ConsentChannel.Email, ConsentPurpose.Reminders, true, "web", "web", null, Now.AddDays(1)).ShouldBeNull();
        debtor.Consents.Count.ShouldBe(1);
    }

    [Fact]
    public void Consent_is_kept_per_channel_and_purpose()
    {
        var debtor = NewDebtor();
        debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, true, "web", "web", null, Now);
        debtor.CurrentConsent(ConsentChannel.Sms, ConsentPurpose.Marketing).ShouldBeNull();
        debtor.CurrentConsent(ConsentChannel.Email, ConsentPurpose.Collection).ShouldBeNull();
    }

    [Fact]
    public void Two_decisions_at_the_same_instant_leave_the_later_recorded_one_current()
    {
        var debtor = NewDebtor();
        debtor.RecordConsent(ConsentChannel.Calls, ConsentPurpose.Collection, true, "import", "import", null, Now);
        var withdrawn = debtor.RecordConsent(ConsentChannel.Calls, ConsentPurpose.Collection, false, "import", "import", null, Now);
        debtor.CurrentConsent(ConsentChannel.Calls, ConsentPurpose.Collection).ShouldBeSameAs(withdrawn);
    }

    [Fact]
    public void A_decision_dated_before_the_current_one_is_refused()
    {
        var debtor = NewDebtor();
        debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, true, "web", "web", null, Now);
        var ex = Should.Throw<DomainException>(() => debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, false, "web", "web", null, Now.AddMinutes(-1)));
        ex.Code.ShouldBe("invalid_date");
        debtor.Consents.Count.ShouldBe(1);
    }

    [Fact]
    public void Consent_needs_who_recorded_it_and_how()
    {
        var debtor = NewDebtor();
        Should.Throw<DomainException>(() => debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, true, " ", "web", null, Now)).Code.ShouldBe("required");
        Should.Throw<DomainException>(() => debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, true, "web", "", null, Now)).Code.ShouldBe("required");
    }
}
