using static Cartera.Domain.Bureau.FieldType;

namespace Cartera.Domain.Bureau;

/// <summary>
/// The record layouts of the report files, field by field as docs/user/bureau.md documents them (a test checks that the
/// page and these lists agree). <c>datacredito</c> is Cartera's positional layout in the style of Datacrédito/TransUnion
/// (250 characters: header H, one detail D per account, trailer T); <c>metro2</c> is the Metro 2 character format
/// (426 characters: header, base segments, trailer).
/// </summary>
public static class BureauLayouts
{
    public const int DatacreditoLength = 250;
    public const int Metro2Length = 426;

    /// <summary>The Metro 2 account statuses counted in the trailer, in trailer order.</summary>
    public static readonly IReadOnlyList<string> Metro2TrailerStatuses =
        ["DA", "05", "11", "13", "61", "62", "63", "64", "65", "71", "78", "80", "82", "83", "84", "88", "89", "93", "94", "95", "96", "97"];

    public static FixedWidthLayout DatacreditoHeader { get; } = Layout("datacredito-header", DatacreditoLength,
    [
        ("tipo_registro", 1, Alphanumeric, "H"),
        ("codigo_suscriptor", 10, Numeric, "Código del suscriptor (aportante) asignado por la central (configuración Bureau:SubscriberCode)"),
        ("fecha_corte", 8, Numeric, "Fecha de corte del reporte, AAAAMMDD"),
        ("fecha_generacion", 8, Numeric, "Fecha en que se generó el archivo, AAAAMMDD"),
        ("relleno", 223, Alphanumeric, "Espacios"),
    ]);

    public static FixedWidthLayout DatacreditoDetail { get; } = Layout("datacredito-detail", DatacreditoLength,
    [
        ("tipo_registro", 1, Alphanumeric, "D"),
        ("tipo_identificacion", 2, Numeric, "01 CC, 02 NIT, 03 CE, 04 TI, 05 PA, 09 otro"),
        ("numero_identificacion", 15, Alphanumeric, "Número del documento del titular, sin dígito de verificación"),
        ("nombre_completo", 45, Alphanumeric, "Nombre o razón social del titular, mayúsculas sin tildes"),
        ("numero_obligacion", 20, Alphanumeric, "Identificador de la obligación (obligation_id)"),
        ("fecha_apertura", 8, Numeric, "Fecha de desembolso, AAAAMMDD"),
        ("fecha_inicio_mora", 8, Numeric, "Vencimiento de la cuota impaga más antigua, AAAAMMDD; ceros si no hay mora"),
        ("dias_mora", 4, Numeric, "Días de mora en la fecha de corte"),
        ("novedad", 2, Numeric, "01 al día, 05 pagada, 06 mora 1–30, 07 31–60, 08 61–90, 09 91–120, 10 más de 120, 13 castigada, 14 eliminación"),
        ("reclamo", 1, Alphanumeric, "R: reclamo en trámite; espacio si no hay"),
        ("moneda", 3, Alphanumeric, "ISO 4217"),
        ("valor_inicial", 15, Numeric, "Valor desembolsado, en unidades (sin decimales, truncado)"),
        ("saldo_deuda", 15, Numeric, "Saldo de capital, en unidades"),
        ("saldo_mora", 15, Numeric, "Valor en mora (total vencido), en unidades"),
        ("fecha_aviso", 8, Numeric, "Entrega del aviso previo en que se basa el reporte, AAAAMMDD; ceros si no aplica"),
        ("cuotas_pactadas", 3, Numeric, "Número de cuotas del plan"),
        ("relleno", 85, Alphanumeric, "Espacios"),
    ]);

    public static FixedWidthLayout DatacreditoTrailer { get; } = Layout("datacredito-trailer", DatacreditoLength,
    [
        ("tipo_registro", 1, Alphanumeric, "T"),
        ("total_registros", 9, Numeric, "Número de registros de detalle"),
        ("suma_saldo_mora", 18, Numeric, "Suma de saldo_mora de los detalles"),
        ("relleno", 222, Alphanumeric, "Espacios"),
    ]);

    public static FixedWidthLayout Metro2Header { get; } = Layout("metro2-header", Metro2Length,
    [
        ("record_descriptor_word", 4, Numeric, "0426"),
        ("record_identifier", 6, Alphanumeric, "HEADER"),
        ("cycle_identifier", 2, Alphanumeric, "Blank (monthly reporter)"),
        ("innovis_program_identifier", 10, Alphanumeric, "Configuration Bureau:Metro2:Innovis"),
        ("equifax_program_identifier", 10, Alphanumeric, "Configuration Bureau:Metro2:Equifax"),
        ("experian_program_identifier", 5, Alphanumeric, "Configuration Bureau:Metro2:Experian"),
        ("transunion_program_identifier", 10, Alphanumeric, "Configuration Bureau:Metro2:TransUnion"),
        ("activity_date", 8, Numeric, "Report date, MMDDYYYY"),
        ("date_created", 8, Numeric, "Date the file was created, MMDDYYYY"),
        ("program_date", 8, Numeric, "Zeros"),
        ("program_revision_date", 8, Numeric, "Zeros"),
        ("reporter_name", 40, Alphanumeric, "Configuration Bureau:ReporterName"),
        ("reporter_address", 96, Alphanumeric, "Configuration Bureau:ReporterAddress"),
        ("reporter_telephone_number", 10, Numeric, "Zeros"),
        ("software_vendor_name", 40, Alphanumeric, "CARTERA"),
        ("software_version_number", 5, Alphanumeric, "Blank"),
        ("prbc_program_identifier", 10, Alphanumeric, "Blank"),
        ("reserved", 146, Alphanumeric, "Blank"),
    ]);

    public static FixedWidthLayout Metro2Base { get; } = Layout("metro2-base", Metro2Length,
    [
        ("record_descriptor_word", 4, Numeric, "0426"),
        ("processing_indicator", 1, Numeric, "1"),
        ("time_stamp", 14, Numeric, "Report date at 00:00:00, MMDDYYYYHHMMSS"),
        ("correction_indicator", 1, Numeric, "0"),
        ("identification_number", 20, Alphanumeric, "Furnisher's identification (configuration Bureau:Metro2:IdentificationNumber)"),
        ("cycle_identifier", 2, Alphanumeric, "Blank"),
        ("consumer_account_number", 30, Alphanumeric, "obligation_id"),
        ("portfolio_type", 1, Alphanumeric, "I (installment)"),
        ("account_type", 2, Alphanumeric, "01 (unsecured loan)"),
        ("date_opened", 8, Numeric, "Disbursement date, MMDDYYYY"),
        ("credit_limit", 9, Numeric, "Zeros (installment loan)"),
        ("highest_credit", 9, Numeric, "Original amount, whole dollars"),
        ("terms_duration", 3, Alphanumeric, "Number of installments, zero-padded"),
        ("terms_frequency", 1, Alphanumeric, "M"),
        ("scheduled_monthly_payment_amount", 9, Numeric, "Zeros"),
        ("actual_payment_amount", 9, Numeric, "Zeros"),
        ("account_status", 2, Alphanumeric, "11, 13, 71, 78, 80, 82, 83, 84, 93, 97 or DA"),
        ("payment_rating", 1, Alphanumeric, "With 13 and 93: 0–6 by DPD; with 97: L; blank otherwise"),
        ("payment_history_profile", 24, Alphanumeric, "B × 24 (no history sent)"),
        ("special_comment", 2, Alphanumeric, "Blank"),
        ("compliance_condition_code", 2, Alphanumeric, "XB while a dispute is in progress; blank otherwise"),
        ("current_balance", 9, Numeric, "Outstanding principal, whole dollars"),
        ("amount_past_due", 9, Numeric, "Total overdue, whole dollars"),
        ("original_charge_off_amount", 9, Numeric, "Outstanding principal when status 97; zeros otherwise"),
        ("date_of_account_information", 8, Numeric, "Report date, MMDDYYYY"),
        ("date_of_first_delinquency", 8, Numeric, "Oldest unpaid due date + 1 day (past due), MMDDYYYY; zeros when current"),
        ("date_closed", 8, Numeric, "Zeros"),
        ("date_of_last_payment", 8, Numeric, "Zeros"),
        ("interest_type_indicator", 1, Alphanumeric, "Blank"),
        ("reserved", 17, Alphanumeric, "Blank"),
        ("surname", 25, Alphanumeric, "Last word of the debtor's full name"),
        ("first_name", 20, Alphanumeric, "First word of the full name"),
        ("middle_name", 20, Alphanumeric, "The words between"),
        ("generation_code", 1, Alphanumeric, "Blank"),
        ("social_security_number", 9, Numeric, "The debtor's SSN when the document type is SSN; zeros otherwise"),
        ("date_of_birth", 8, Numeric, "MMDDYYYY, zeros when unknown"),
        ("telephone_number", 10, Numeric, "Zeros (not sent)"),
        ("ecoa_code", 1, Alphanumeric, "1 (individual)"),
        ("consumer_information_indicator", 2, Alphanumeric, "Blank"),
        ("country_code", 2, Alphanumeric, "US"),
        ("first_line_of_address", 32, Alphanumeric, "The debtor's address"),
        ("second_line_of_address", 32, Alphanumeric, "Blank"),
        ("city", 20, Alphanumeric, "The debtor's city"),
        ("state", 2, Alphanumeric, "The debtor's region (state code)"),
        ("postal_code", 9, Alphanumeric, "Blank (Cartera stores no postal code)"),
        ("address_indicator", 1, Alphanumeric, "Blank"),
        ("residence_code", 1, Alphanumeric, "Blank"),
    ]);

    public static FixedWidthLayout Metro2Trailer { get; } = Layout("metro2-trailer", Metro2Length,
    [
        ("record_descriptor_word", 4, Numeric, "0426"),
        ("record_identifier", 7, Alphanumeric, "TRAILER"),
        ("total_base_records", 9, Numeric, "Base segments in the file"),
        ("reserved_1", 9, Alphanumeric, "Blank"),
        ("total_status_code_df", 9, Numeric, "Zeros"),
        ("total_consumer_segments_j1", 9, Numeric, "Zeros"),
        ("total_consumer_segments_j2", 9, Numeric, "Zeros"),
        ("block_count", 9, Numeric, "Zeros (fixed-length records)"),
        .. Metro2TrailerStatuses.Select(s => ($"total_status_code_{s.ToLowerInvariant()}", 9, Numeric, $"Base segments with account status {s}")),
        ("total_ecoa_code_z", 9, Numeric, "Zeros"),
        ("total_employment_segments", 9, Numeric, "Zeros"),
        ("total_original_creditor_segments", 9, Numeric, "Zeros"),
        ("total_purchased_to_segments", 9, Numeric, "Zeros"),
        ("total_mortgage_information_segments", 9, Numeric, "Zeros"),
        ("total_payment_information_segments", 9, Numeric, "Zeros"),
        ("total_change_segments", 9, Numeric, "Zeros"),
        ("total_social_numbers_all_segments", 9, Numeric, "Base segments with an SSN"),
        ("total_social_numbers_base_segments", 9, Numeric, "Base segments with an SSN"),
        ("total_social_numbers_j1_segments", 9, Numeric, "Zeros"),
        ("total_social_numbers_j2_segments", 9, Numeric, "Zeros"),
        ("total_dates_of_birth_all_segments", 9, Numeric, "Base segments with a date of birth"),
        ("total_dates_of_birth_base_segments", 9, Numeric, "Base segments with a date of birth"),
        ("total_dates_of_birth_j1_segments", 9, Numeric, "Zeros"),
        ("total_dates_of_birth_j2_segments", 9, Numeric, "Zeros"),
        ("total_telephone_numbers_all_segments", 9, Numeric, "Zeros"),
        ("reserved_2", 19, Alphanumeric, "Blank"),
    ]);

    /// <summary>Every layout, for the validator and the documentation check.</summary>
    public static IReadOnlyList<FixedWidthLayout> All { get; } = [DatacreditoHeader, DatacreditoDetail, DatacreditoTrailer, Metro2Header, Metro2Base, Metro2Trailer];

    private static FixedWidthLayout Layout(string name, int length, IReadOnlyList<(string Name, int Length, FieldType Type, string Description)> fields)
    {
        var position = 1;
        var list = new List<LayoutField>(fields.Count);
        foreach (var (field, fieldLength, type, description) in fields)
        {
            list.Add(new LayoutField(field, position, fieldLength, type, description));
            position += fieldLength;
        }

        return new FixedWidthLayout(name, length, list);
    }
}
