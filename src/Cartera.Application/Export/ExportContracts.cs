namespace Cartera.Application.Export;

/// <summary>What can be exported. Later features add kinds (payments…).</summary>
public enum ExportKind
{
    Debtors,
    Obligations,
    Installments,
    Collateral,
    Insurance,

    /// <summary>The delinquency snapshot of one closed business date (DESIGN §6), by <see cref="DelinquencyExporter"/>.</summary>
    Delinquency,
}

public enum ExportFormat
{
    Csv,
    Xlsx,
}
