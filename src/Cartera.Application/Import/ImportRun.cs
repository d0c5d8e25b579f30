namespace Cartera.Application.Import;

/// <summary>One run of an import: the file, its SHA-256, the counts and the outcome. Shown in the import history.</summary>
public sealed class ImportRun
{
    public long Id { get; set; }

    /// <summary>debtors, obligations, installments, collateral, insurance, payments.</summary>
    public string Kind { get; set; } = string.Empty;

    public string FileName { get; set; } = string.Empty;

    public string Sha256 { get; set; } = string.Empty;

    public string Actor { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>succeeded or rejected (a rejected file imports nothing).</summary>
    public string Outcome { get; set; } = string.Empty;

    public long Rows { get; set; }

    public long Inserted { get; set; }

    public long Updated { get; set; }

    public long Unchanged { get; set; }

    public long Rejected { get; set; }

    public int ErrorCount { get; set; }
}
