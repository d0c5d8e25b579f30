using System.Globalization;

namespace Cartera.Domain.Bureau;

/// <summary>
/// One reported account as a bureau file needs it: the obligation's terms and close-of-day figures on the report date,
/// the decision, and the debtor's identification, name, birth date and address — only what the layouts ask for.
/// Amounts are minor units of <see cref="Currency"/>.
/// </summary>
public sealed record BureauAccountLine(
    string ObligationId,
    DateOnly OpenedOn,
    long PrincipalMinor,
    int Term,
    string Currency,
    int Dpd,
    DateOnly? OldestUnpaidDueDate,
    long OutstandingMinor,
    long OverdueMinor,
    BureauDecision Decision,
    BureauDebtorIdentity Debtor)
{
    public bool PaidOff { get; init; }

    public bool ChargedOff { get; init; }
}

/// <summary>The debtor's data a bureau file carries: document type and number, full name, birth date and address.</summary>
public sealed record BureauDebtorIdentity(string IdType, string IdNumber, string FullName, DateOnly? BirthDate, string? Address, string? City, string? Region);

/// <summary>Who reports: the subscriber/furnisher codes and name the layouts' headers carry (configuration <c>Bureau:*</c>).</summary>
public sealed record BureauReporter(string SubscriberCode, string Metro2IdentificationNumber, string ReporterName, string ReporterAddress)
{
    public string InnovisProgramIdentifier { get; init; } = string.Empty;

    public string EquifaxProgramIdentifier { get; init; } = string.Empty;

    public string ExperianProgramIdentifier { get; init; } = string.Empty;

    public string TransUnionProgramIdentifier { get; init; } = string.Empty;
}

/// <summary>
/// Writes the report files as lists of fixed-width records (see <see cref="BureauLayouts"/>): a header, one record per
/// reported account in the given order, a trailer with counts and totals. Pure: the dates are arguments.
/// </summary>
public static class BureauFiles
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Datacredito(IReadOnlyList<BureauAccountLine> lines, BureauReporter reporter, DateOnly reportDate, DateOnly createdOn)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(reporter);
        var records = new List<string>(lines.Count + 2)
        {
            BureauLayouts.DatacreditoHeader.Format(new Dictionary<string, string>
            {
                ["tipo_registro"] = "H",
                ["codigo_suscriptor"] = Digits(reporter.SubscriberCode),
                ["fecha_corte"] = Ymd(reportDate),
                ["fecha_generacion"] = Ymd(createdOn),
            }),
        };
        long overdueUnits = 0;
        foreach (var line in lines)
        {
            var overdue = Units(line.OverdueMinor, line.Currency);
            overdueUnits = checked(overdueUnits + overdue);
            records.Add(BureauLayouts.DatacreditoDetail.Format(new Dictionary<string, string>
            {
                ["tipo_registro"] = "D",
                ["tipo_identificacion"] = ColombianIdType(line.Debtor.IdType),
                ["numero_identificacion"] = line.Debtor.IdNumber,
                ["nombre_completo"] = line.Debtor.FullName,
                ["numero_obligacion"] = line.ObligationId,
                ["fecha_apertura"] = Ymd(line.OpenedOn),
                ["fecha_inicio_mora"] = line.Dpd > 0 && line.OldestUnpaidDueDate is { } due ? Ymd(due) : string.Empty,
                ["dias_mora"] = Math.Min(Math.Max(line.Dpd, 0), 9999).ToString(Inv),
                ["novedad"] = BureauEligibility.ColombiaNovelty(line.Decision, line.Dpd, line.PaidOff, line.ChargedOff),
                ["reclamo"] = line.Decision.Disputed ? "R" : string.Empty,
                ["moneda"] = line.Currency,
                ["valor_inicial"] = Units(line.PrincipalMinor, line.Currency).ToString(Inv),
                ["saldo_deuda"] = Units(line.OutstandingMinor, line.Currency).ToString(Inv),
                ["saldo_mora"] = overdue.ToString(Inv),
                ["fecha_aviso"] = line.Decision.NoticeDeliveredOn is { } notice ? Ymd(notice) : string.Empty,
                ["cuotas_pactadas"] = Math.Min(line.Term, 999).ToString(Inv),
            }));
        }

        records.Add(BureauLayouts.DatacreditoTrailer.Format(new Dictionary<string, string>
        {
            ["tipo_registro"] = "T",
            ["total_registros"] = lines.Count.ToString(Inv),
            ["suma_saldo_mora"] = overdueUnits.ToString(Inv),
        }));
        return records;
    }

    public static IReadOnlyList<string> Metro2(IReadOnlyList<BureauAccountLine> lines, BureauReporter reporter, DateOnly reportDate, DateOnly createdOn)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(reporter);
        var records = new List<string>(lines.Count + 2)
        {
            BureauLayouts.Metro2Header.Format(new Dictionary<string, string>
            {
                ["record_descriptor_word"] = "0426",
                ["record_identifier"] = "HEADER",
                ["innovis_program_identifier"] = reporter.InnovisProgramIdentifier,
                ["equifax_program_identifier"] = reporter.EquifaxProgramIdentifier,
                ["experian_program_identifier"] = reporter.ExperianProgramIdentifier,
                ["transunion_program_identifier"] = reporter.TransUnionProgramIdentifier,
                ["activity_date"] = Mdy(reportDate),
                ["date_created"] = Mdy(createdOn),
                ["reporter_name"] = reporter.ReporterName,
                ["reporter_address"] = reporter.ReporterAddress,
                ["software_vendor_name"] = "CARTERA",
            }),
        };
        var statusCounts = BureauLayouts.Metro2TrailerStatuses.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        int withSsn = 0, withBirth = 0;
        foreach (var line in lines)
        {
            var status = line.Decision.AccountStatus;
            if (statusCounts.TryGetValue(status, out var count))
            {
                statusCounts[status] = count + 1;
            }

            var ssn = string.Equals(line.Debtor.IdType, "SSN", StringComparison.OrdinalIgnoreCase) ? Digits(line.Debtor.IdNumber) : string.Empty;
            withSsn += ssn.Length > 0 ? 1 : 0;
            withBirth += line.Debtor.BirthDate is null ? 0 : 1;
            var (first, middle, surname) = SplitName(line.Debtor.FullName);
            var outstanding = Units(line.OutstandingMinor, line.Currency);
            records.Add(BureauLayouts.Metro2Base.Format(new Dictionary<string, string>
            {
                ["record_descriptor_word"] = "0426",
                ["processing_indicator"] = "1",
                ["time_stamp"] = Mdy(reportDate) + "000000",
                ["correction_indicator"] = "0",
                ["identification_number"] = reporter.Metro2IdentificationNumber,
                ["consumer_account_number"] = line.ObligationId,
                ["portfolio_type"] = "I",
                ["account_type"] = "01",
                ["date_opened"] = Mdy(line.OpenedOn),
                ["highest_credit"] = Units(line.PrincipalMinor, line.Currency).ToString(Inv),
                ["terms_duration"] = Math.Min(line.Term, 999).ToString("000", Inv),
                ["terms_frequency"] = "M",
                ["account_status"] = status,
                ["payment_rating"] = BureauEligibility.Metro2PaymentRating(status, line.Dpd),
                ["payment_history_profile"] = new string('B', 24),
                ["compliance_condition_code"] = line.Decision.Disputed ? "XB" : string.Empty,
                ["current_balance"] = outstanding.ToString(Inv),
                ["amount_past_due"] = Units(line.OverdueMinor, line.Currency).ToString(Inv),
                ["original_charge_off_amount"] = status == "97" ? outstanding.ToString(Inv) : string.Empty,
                ["date_of_account_information"] = Mdy(reportDate),
                ["date_of_first_delinquency"] = line.Dpd > 0 && line.OldestUnpaidDueDate is { } due ? Mdy(due.AddDays(1)) : string.Empty,
                ["surname"] = surname,
                ["first_name"] = first,
                ["middle_name"] = middle,
                ["social_security_number"] = ssn.Length == 9 ? ssn : string.Empty,
                ["date_of_birth"] = line.Debtor.BirthDate is { } birth ? Mdy(birth) : string.Empty,
                ["ecoa_code"] = "1",
                ["country_code"] = "US",
                ["first_line_of_address"] = line.Debtor.Address ?? string.Empty,
                ["city"] = line.Debtor.City ?? string.Empty,
                ["state"] = line.Debtor.Region ?? string.Empty,
            }));
        }

        var trailer = new Dictionary<string, string>
        {
            ["record_descriptor_word"] = "0426",
            ["record_identifier"] = "TRAILER",
            ["total_base_records"] = lines.Count.ToString(Inv),
            ["total_social_numbers_all_segments"] = withSsn.ToString(Inv),
            ["total_social_numbers_base_segments"] = withSsn.ToString(Inv),
            ["total_dates_of_birth_all_segments"] = withBirth.ToString(Inv),
            ["total_dates_of_birth_base_segments"] = withBirth.ToString(Inv),
        };
        foreach (var (status, count) in statusCounts)
        {
            trailer[$"total_status_code_{status.ToLowerInvariant()}"] = count.ToString(Inv);
        }

        records.Add(BureauLayouts.Metro2Trailer.Format(trailer));
        return records;
    }

    /// <summary>The document type code of the <c>datacredito</c> layout: 01 CC, 02 NIT, 03 CE, 04 TI, 05 PA, 09 any other.</summary>
    public static string ColombianIdType(string idType) => idType.ToUpperInvariant() switch
    {
        "CC" => "01",
        "NIT" => "02",
        "CE" => "03",
        "TI" => "04",
        "PA" => "05",
        _ => "09",
    };

    /// <summary>First word, the words between, last word (a one-word name is the surname).</summary>
    public static (string First, string Middle, string Surname) SplitName(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var words = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length switch
        {
            0 => (string.Empty, string.Empty, string.Empty),
            1 => (string.Empty, string.Empty, words[0]),
            _ => (words[0], string.Join(' ', words[1..^1]), words[^1]),
        };
    }

    /// <summary>Whole units of the currency, cents truncated (as Metro 2 asks); negative amounts report as zero.</summary>
    public static long Units(long minor, string currency)
    {
        var factor = (long)Common.Currency.Of(currency).MinorFactor;
        return minor <= 0 ? 0 : minor / factor;
    }

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

    private static string Ymd(DateOnly date) => date.ToString("yyyyMMdd", Inv);

    private static string Mdy(DateOnly date) => date.ToString("MMddyyyy", Inv);
}
