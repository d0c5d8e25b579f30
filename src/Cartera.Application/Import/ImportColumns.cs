using System.Globalization;
using System.Text;

namespace Cartera.Application.Import;

/// <summary>One column of an interchange file: its canonical (English, DESIGN §6) name, Spanish aliases and whether it must be present.</summary>
public sealed record ColumnSpec(string Name, bool Required, params string[] Aliases);

/// <summary>
/// The columns of a file kind in file order, each defined once: <see cref="Add"/> appends the column and returns its
/// index, which the kind's importer keeps in a static field of the same name and hands to the <see cref="CellParser"/>.
/// So the list the header is matched against, the order export writes and the positions the importer reads are one
/// definition (a column added in the middle moves the positions of the ones after it by itself).
/// </summary>
public sealed class ColumnMap
{
    private readonly List<ColumnSpec> _columns = [];

    public ColumnSpec[] Columns => [.. _columns];

    internal int Add(string name, bool required, params string[] aliases)
    {
        _columns.Add(new ColumnSpec(name, required, aliases));
        return _columns.Count - 1;
    }
}

/// <summary>
/// The columns of every kind, in file order (export writes them in this order). Public: it is the interchange format
/// itself, shared by import and export (an export re-imports unchanged). Each kind's map is defined once, in its
/// <c>*Columns</c> class below, whose fields the importer reads cells by. docs/user/import-formats.md documents the
/// same table; keep them together.
/// </summary>
public static class ImportColumns
{
    public static ColumnSpec[] Debtors => DebtorColumns.Map.Columns;

    public static ColumnSpec[] Obligations => ObligationColumns.Map.Columns;

    public static ColumnSpec[] Installments => InstallmentColumns.Map.Columns;

    public static ColumnSpec[] Collateral => CollateralColumns.Map.Columns;

    public static ColumnSpec[] Insurance => InsuranceColumns.Map.Columns;

    public static ColumnSpec[] Payments => PaymentColumns.Map.Columns;

    public static ColumnSpec[] Bureau => BureauColumns.Map.Columns;

    public static ColumnSpec[] For(ImportKind kind) => kind switch
    {
        ImportKind.Debtors => Debtors,
        ImportKind.Obligations => Obligations,
        ImportKind.Installments => Installments,
        ImportKind.Collateral => Collateral,
        ImportKind.Insurance => Insurance,
        ImportKind.Payments => Payments,
        ImportKind.Bureau => Bureau,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Lower case, no accents, blanks and hyphens as underscores: "Fecha de Nacimiento" → fecha_de_nacimiento.</summary>
    public static string NormalizeHeader(string header)
    {
        var decomposed = header.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c is ' ' or '-' or '.' ? '_' : c);
        }

        return sb.ToString();
    }
}

/// <summary>The header of one file resolved against a kind's columns: the ordinal of every column in the file (-1 when absent).</summary>
internal sealed class ColumnBinding
{
    private readonly int[] _ordinals;

    private ColumnBinding(ColumnSpec[] columns, int[] ordinals, string[] headers)
    {
        Columns = columns;
        _ordinals = ordinals;
        Headers = headers;
    }

    public ColumnSpec[] Columns { get; }

    public string[] Headers { get; }

    public int Ordinal(int column) => _ordinals[column];

    public bool Has(int column) => _ordinals[column] >= 0;

    /// <summary>The column's header as written in the file (errors name it so the user finds it), or its canonical name.</summary>
    public string HeaderOf(int column) => _ordinals[column] >= 0 ? Headers[_ordinals[column]] : Columns[column].Name;

    public static ColumnBinding Bind(ColumnSpec[] columns, string[] headers, string file, List<ImportError> errors)
    {
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Length; c++)
        {
            lookup[columns[c].Name] = c;
            foreach (var alias in columns[c].Aliases)
            {
                lookup[alias] = c;
            }
        }

        var ordinals = Enumerable.Repeat(-1, columns.Length).ToArray();
        for (var i = 0; i < headers.Length; i++)
        {
            var normalized = ImportColumns.NormalizeHeader(headers[i]);
            if (normalized.Length == 0 && i == headers.Length - 1)
            {
                continue; // a trailing delimiter in the header line
            }

            if (!lookup.TryGetValue(normalized, out var c))
            {
                errors.Add(new ImportError(file, 1, headers[i], "unknown_column", $"Unknown column '{headers[i]}'. Expected: {string.Join(", ", columns.Select(s => s.Name))}."));
            }
            else if (ordinals[c] >= 0)
            {
                errors.Add(new ImportError(file, 1, headers[i], "duplicate_column", $"Column '{headers[i]}' repeats column '{headers[ordinals[c]]}' ({columns[c].Name})."));
            }
            else
            {
                ordinals[c] = i;
            }
        }

        for (var c = 0; c < columns.Length; c++)
        {
            if (columns[c].Required && ordinals[c] < 0)
            {
                errors.Add(new ImportError(file, 1, columns[c].Name, "missing_column", $"The required column '{columns[c].Name}' is missing."));
            }
        }

        return new ColumnBinding(columns, ordinals, headers);
    }
}

// Each kind's columns in file order: a field's initializer runs in declaration order, so the order here is the
// file's order and each field holds its column's index.

/// <summary>The debtors file (<see cref="DebtorImporter"/>).</summary>
internal static class DebtorColumns
{
    public static readonly ColumnMap Map = new();
    public static readonly int DebtorId = Map.Add("debtor_id", true, "deudor_id", "id_deudor", "codigo_deudor", "cliente_id");
    public static readonly int Kind = Map.Add("kind", true, "tipo", "tipo_persona");
    public static readonly int IdTypeCol = Map.Add("id_type", true, "tipo_documento", "tipo_identificacion");
    public static readonly int IdNumber = Map.Add("id_number", true, "numero_documento", "numero_identificacion", "documento", "identificacion");
    public static readonly int FullName = Map.Add("full_name", true, "nombre", "nombre_completo", "razon_social");
    public static readonly int BirthDate = Map.Add("birth_date", false, "fecha_nacimiento");
    public static readonly int Country = Map.Add("country", true, "pais");
    public static readonly int Region = Map.Add("region", false, "departamento", "estado", "provincia");
    public static readonly int City = Map.Add("city", false, "ciudad", "municipio");
    public static readonly int Address = Map.Add("address", false, "direccion");
    public static readonly int Mobile = Map.Add("mobile", false, "celular", "movil");
    public static readonly int Phone = Map.Add("phone", false, "telefono", "telefono_fijo");
    public static readonly int Email = Map.Add("email", false, "correo", "correo_electronico");
    public static readonly int WhatsApp = Map.Add("whatsapp", false);
    public static readonly int ConsentSms = Map.Add("consent_sms", false, "consentimiento_sms", "autoriza_sms");
    public static readonly int ConsentEmail = Map.Add("consent_email", false, "consentimiento_correo", "autoriza_correo");
    public static readonly int ConsentWhatsApp = Map.Add("consent_whatsapp", false, "consentimiento_whatsapp", "autoriza_whatsapp");
    public static readonly int ConsentCalls = Map.Add("consent_calls", false, "consentimiento_llamadas", "autoriza_llamadas");
    public static readonly int Language = Map.Add("language", false, "idioma");
    public static readonly int Segment = Map.Add("segment", false, "segmento");
}

/// <summary>The obligations file (<see cref="ObligationImporter"/>).</summary>
internal static class ObligationColumns
{
    public static readonly ColumnMap Map = new();
    public static readonly int ObligationId = Map.Add("obligation_id", true, "obligacion_id", "id_obligacion", "numero_obligacion", "credito_id");
    public static readonly int DebtorId = Map.Add("debtor_id", true, "deudor_id", "id_deudor", "titular_id");
    public static readonly int Kind = Map.Add("kind", true, "tipo", "tipo_obligacion");
    public static readonly int Product = Map.Add("product", true, "producto");
    public static readonly int CurrencyCol = Map.Add("currency", true, "moneda");
    public static readonly int IssueDate = Map.Add("issue_date", true, "fecha_desembolso", "fecha_emision");
    public static readonly int Principal = Map.Add("principal", true, "capital", "monto");
    public static readonly int AnnualRate = Map.Add("annual_rate_ea", true, "tasa_ea", "tasa");
    public static readonly int ArrearsRate = Map.Add("arrears_rate_ea", false, "tasa_mora_ea", "tasa_mora");
    public static readonly int Term = Map.Add("term", true, "plazo", "numero_cuotas");
    public static readonly int Frequency = Map.Add("frequency", true, "periodicidad", "frecuencia");
    public static readonly int AmortizationCol = Map.Add("amortization", true, "amortizacion", "sistema_amortizacion");
    public static readonly int FirstDueDate = Map.Add("first_due_date", true, "fecha_primera_cuota", "primer_vencimiento");
    public static readonly int Branch = Map.Add("branch", false, "sucursal", "oficina");
    public static readonly int CoDebtors = Map.Add("co_debtor_ids", false, "codeudores", "codeudor_ids");
}

/// <summary>The installments file (<see cref="InstallmentImporter"/>).</summary>
internal static class InstallmentColumns
{
    public static readonly ColumnMap Map = new();
    public static readonly int ObligationId = Map.Add("obligation_id", true, "obligacion_id", "id_obligacion", "numero_obligacion", "credito_id");
    public static readonly int Number = Map.Add("number", true, "numero", "cuota", "numero_cuota");
    public static readonly int DueDate = Map.Add("due_date", true, "fecha_vencimiento");
    public static readonly int Principal = Map.Add("principal", true, "capital");
    public static readonly int Interest = Map.Add("interest", true, "interes", "intereses");
    public static readonly int Insurance = Map.Add("insurance", false, "seguro");
    public static readonly int Other = Map.Add("other", false, "otros", "otros_cargos");
}

/// <summary>The collateral file (<see cref="CollateralImporter"/>).</summary>
internal static class CollateralColumns
{
    public static readonly ColumnMap Map = new();
    public static readonly int CollateralId = Map.Add("collateral_id", true, "garantia_id", "id_garantia");
    public static readonly int ObligationId = Map.Add("obligation_id", true, "obligacion_id", "id_obligacion", "numero_obligacion", "credito_id");
    public static readonly int TypeCol = Map.Add("type", true, "tipo", "tipo_garantia");
    public static readonly int Description = Map.Add("description", false, "descripcion");
    public static readonly int AppraisedValue = Map.Add("appraised_value", true, "valor_avaluo", "avaluo");
    public static readonly int CurrencyCol = Map.Add("currency", true, "moneda");
    public static readonly int AppraisalDate = Map.Add("appraisal_date", false, "fecha_avaluo");
    public static readonly int NextVerification = Map.Add("next_verification_date", false, "fecha_proxima_verificacion", "proxima_verificacion");
}

/// <summary>The insurance file (<see cref="InsuranceImporter"/>).</summary>
internal static class InsuranceColumns
{
    public static readonly ColumnMap Map = new();
    public static readonly int PolicyId = Map.Add("policy_id", true, "poliza_id", "id_poliza");
    public static readonly int ObligationId = Map.Add("obligation_id", true, "obligacion_id", "id_obligacion", "numero_obligacion", "credito_id");
    public static readonly int Insurer = Map.Add("insurer", true, "aseguradora");
    public static readonly int PolicyNumber = Map.Add("policy_number", false, "numero_poliza");
    public static readonly int TypeCol = Map.Add("type", true, "tipo", "tipo_poliza", "tipo_seguro");
    public static readonly int InsuredValue = Map.Add("insured_value", true, "valor_asegurado");
    public static readonly int CurrencyCol = Map.Add("currency", true, "moneda");
    public static readonly int StartDate = Map.Add("start_date", true, "fecha_inicio");
    public static readonly int ExpiryDate = Map.Add("expiry_date", true, "fecha_vencimiento", "fecha_expiracion");
    public static readonly int Renewal = Map.Add("renewal_status", false, "estado_renovacion");
}

/// <summary>The payments file (<see cref="PaymentImporter"/>).</summary>
internal static class PaymentColumns
{
    public static readonly ColumnMap Map = new();
    public static readonly int PaymentId = Map.Add("payment_id", true, "pago_id", "id_pago", "numero_pago");
    public static readonly int ObligationId = Map.Add("obligation_id", true, "obligacion_id", "id_obligacion", "numero_obligacion", "credito_id");
    public static readonly int AmountCol = Map.Add("amount", true, "valor", "monto", "valor_pago");
    public static readonly int CurrencyCol = Map.Add("currency", true, "moneda");
    public static readonly int ReceivedOn = Map.Add("received_on", true, "fecha_pago", "fecha_valor", "fecha_recaudo");
    public static readonly int ChannelCol = Map.Add("channel", false, "canal", "medio_pago");
    public static readonly int ReferenceCol = Map.Add("reference", false, "referencia", "observacion");
}

/// <summary>The credit bureau file (<see cref="BureauImporter"/>).</summary>
internal static class BureauColumns
{
    public static readonly ColumnMap Map = new();
    public static readonly int IdTypeCol = Map.Add("id_type", true, "tipo_documento", "tipo_identificacion");
    public static readonly int IdNumber = Map.Add("id_number", true, "numero_documento", "numero_identificacion", "documento", "identificacion");
    public static readonly int ReportDate = Map.Add("report_date", true, "fecha_reporte", "fecha_consulta");
    public static readonly int Score = Map.Add("bureau_score", false, "puntaje", "puntaje_buro", "score");
    public static readonly int OpenAccounts = Map.Add("open_accounts", true, "cuentas_abiertas", "obligaciones_abiertas");
    public static readonly int DelinquentAccounts = Map.Add("delinquent_accounts", true, "cuentas_en_mora", "obligaciones_en_mora");
    public static readonly int WorstDays = Map.Add("worst_delinquency_days_24m", true, "peor_mora_24m", "max_dias_mora_24m");
    public static readonly int Inquiries = Map.Add("inquiries_6m", true, "consultas_6m");
    public static readonly int SourceCol = Map.Add("source", false, "fuente", "buro");
}
