namespace Cartera.Application.Export;

/// <summary>What can be exported. Later features add kinds (delinquency, payments…).</summary>
public enum ExportKind
{
    Debtors,
    Obligations,
    Installments,
    Collateral,
    Insurance,
}

public enum ExportFormat
{
    Csv,
    Xlsx,
}
