using System.Globalization;
using System.Text;

namespace Cartera.Application.Import;

/// <summary>One column of an interchange file: its canonical (English, DESIGN §6) name, Spanish aliases and whether it must be present.</summary>
public sealed record ColumnSpec(string Name, bool Required, params string[] Aliases);

/// <summary>
/// The columns of every kind, in file order (export writes them in this order). Public: it is the interchange format
/// itself, shared by import and export (an export re-imports unchanged). Indices into these arrays are the
/// constants of each kind's parser. docs/user/import-formats.md documents the same table; keep them together.
/// </summary>
public static class ImportColumns
{
    public static readonly ColumnSpec[] Debtors =
    [
        new("debtor_id", true, "deudor_id", "id_deudor", "codigo_deudor", "cliente_id"),
        new("kind", true, "tipo", "tipo_persona"),
        new("id_type", true, "tipo_documento", "tipo_identificacion"),
        new("id_number", true, "numero_documento", "numero_identificacion", "documento", "identificacion"),
        new("full_name", true, "nombre", "nombre_completo", "razon_social"),
        new("birth_date", false, "fecha_nacimiento"),
        new("country", true, "pais"),
        new("region", false, "departamento", "estado", "provincia"),
        new("city", false, "ciudad", "municipio"),
        new("address", false, "direccion"),
        new("mobile", false, "celular", "movil"),
        new("phone", false, "telefono", "telefono_fijo"),
        new("email", false, "correo", "correo_electronico"),
        new("whatsapp", false),
        new("consent_sms", false, "consentimiento_sms", "autoriza_sms"),
        new("consent_email", false, "consentimiento_correo", "autoriza_correo"),
        new("consent_whatsapp", false, "consentimiento_whatsapp", "autoriza_whatsapp"),
        new("consent_calls", false, "consentimiento_llamadas", "autoriza_llamadas"),
        new("language", false, "idioma"),
        new("segment", false, "segmento"),
    ];

    public static readonly ColumnSpec[] Obligations =
    [
        new("obligation_id", true, "obligacion_id", "id_obligacion", "numero_obligacion", "credito_id"),
        new("debtor_id", true, "deudor_id", "id_deudor", "titular_id"),
        new("kind", true, "tipo", "tipo_obligacion"),
        new("product", true, "producto"),
        new("currency", true, "moneda"),
        new("issue_date", true, "fecha_desembolso", "fecha_emision"),
        new("principal", true, "capital", "monto"),
        new("annual_rate_ea", true, "tasa_ea", "tasa"),
        new("arrears_rate_ea", false, "tasa_mora_ea", "tasa_mora"),
        new("term", true, "plazo", "numero_cuotas"),
        new("frequency", true, "periodicidad", "frecuencia"),
        new("amortization", true, "amortizacion", "sistema_amortizacion"),
        new("first_due_date", true, "fecha_primera_cuota", "primer_vencimiento"),
        new("branch", false, "sucursal", "oficina"),
        new("co_debtor_ids", false, "codeudores", "codeudor_ids"),
    ];

    public static readonly ColumnSpec[] Installments =
    [
        new("obligation_id", true, "obligacion_id", "id_obligacion", "numero_obligacion", "credito_id"),
        new("number", true, "numero", "cuota", "numero_cuota"),
        new("due_date", true, "fecha_vencimiento"),
        new("principal", true, "capital"),
        new("interest", true, "interes", "intereses"),
        new("insurance", false, "seguro"),
        new("other", false, "otros", "otros_cargos"),
    ];

    public static readonly ColumnSpec[] Collateral =
    [
        new("collateral_id", true, "garantia_id", "id_garantia"),
        new("obligation_id", true, "obligacion_id", "id_obligacion", "numero_obligacion", "credito_id"),
        new("type", true, "tipo", "tipo_garantia"),
        new("description", false, "descripcion"),
        new("appraised_value", true, "valor_avaluo", "avaluo"),
        new("currency", true, "moneda"),
        new("appraisal_date", false, "fecha_avaluo"),
        new("next_verification_date", false, "fecha_proxima_verificacion", "proxima_verificacion"),
    ];

    public static readonly ColumnSpec[] Insurance =
    [
        new("policy_id", true, "poliza_id", "id_poliza"),
        new("obligation_id", true, "obligacion_id", "id_obligacion", "numero_obligacion", "credito_id"),
        new("insurer", true, "aseguradora"),
        new("policy_number", false, "numero_poliza"),
        new("type", true, "tipo", "tipo_poliza", "tipo_seguro"),
        new("insured_value", true, "valor_asegurado"),
        new("currency", true, "moneda"),
        new("start_date", true, "fecha_inicio"),
        new("expiry_date", true, "fecha_vencimiento", "fecha_expiracion"),
        new("renewal_status", false, "estado_renovacion"),
    ];

    public static readonly ColumnSpec[] Payments =
    [
        new("payment_id", true, "pago_id", "id_pago", "numero_pago"),
        new("obligation_id", true, "obligacion_id", "id_obligacion", "numero_obligacion", "credito_id"),
        new("amount", true, "valor", "monto", "valor_pago"),
        new("currency", true, "moneda"),
        new("received_on", true, "fecha_pago", "fecha_valor", "fecha_recaudo"),
        new("channel", false, "canal", "medio_pago"),
        new("reference", false, "referencia", "observacion"),
    ];

    public static readonly ColumnSpec[] Bureau =
    [
        new("id_type", true, "tipo_documento", "tipo_identificacion"),
        new("id_number", true, "numero_documento", "numero_identificacion", "documento", "identificacion"),
        new("report_date", true, "fecha_reporte", "fecha_consulta"),
        new("bureau_score", false, "puntaje", "puntaje_buro", "score"),
        new("open_accounts", true, "cuentas_abiertas", "obligaciones_abiertas"),
        new("delinquent_accounts", true, "cuentas_en_mora", "obligaciones_en_mora"),
        new("worst_delinquency_days_24m", true, "peor_mora_24m", "max_dias_mora_24m"),
        new("inquiries_6m", true, "consultas_6m"),
        new("source", false, "fuente", "buro"),
    ];

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
