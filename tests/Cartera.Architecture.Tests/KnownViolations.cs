namespace Cartera.Architecture.Tests;

/// <summary>A write of another feature's table that is still in the code: who, what, why, and what removes it.</summary>
public sealed record KnownWrite(string Feature, string Table, string Why, string RemovedBy);

/// <summary>A dependency between feature folders that closes a cycle: who, on whom, why, and what removes it.</summary>
public sealed record KnownBackEdge(string From, string To, string Why, string RemovedBy);

/// <summary>
/// The declared exceptions of the feature rules. Shared infrastructure is part of the design; known violations are
/// debts in folders being rewritten, each with the issue item that removes it. Keep both lists as short as the code allows.
/// </summary>
public static class KnownViolations
{
    /// <summary>
    /// Data/ is shared infrastructure for the write rule: the DbContext's SaveChanges appends <c>audit_entries</c> for
    /// every feature (ADR 0006), and the bulk helpers write for the feature that calls them.
    /// </summary>
    public static readonly IReadOnlySet<string> WriteExempt = new HashSet<string>(StringComparer.Ordinal) { "Data" };

    /// <summary>
    /// Data/ (the DbContext maps every feature's entities) and Audit/ (<c>IActor</c>, the audit recorder used by every
    /// feature's saves) are shared infrastructure for the cycle rule: every feature may use them.
    /// </summary>
    public static readonly IReadOnlySet<string> CycleShared = new HashSet<string>(StringComparer.Ordinal) { "Data", "Audit" };

    /// <summary>Folders of Web and Cli that are not features: <c>Shared/</c> (layout, components, plumbing used by several).</summary>
    public static readonly IReadOnlySet<string> HostNonFeatureFolders = new HashSet<string>(StringComparer.Ordinal) { "Shared" };

    private const string BulkImport =
        "the bulk import writes the core system's portfolio straight into the owner's tables (COPY / prepared inserts)";

    private const string ImportRewrite = "issue 12 item 6 (import at COPY speed): Portfolio exposes the bulk writer, Import calls it";

    public static readonly IReadOnlyList<KnownWrite> Writes =
    [
        new("Import", "debtors", BulkImport, ImportRewrite),
        new("Import", "contact_points", BulkImport, ImportRewrite),
        new("Import", "consent_records", BulkImport, ImportRewrite),
        new("Import", "obligations", BulkImport, ImportRewrite),
        new("Import", "obligation_parties", BulkImport, ImportRewrite),
        new("Import", "installments", BulkImport, ImportRewrite),
        new("Import", "collaterals", BulkImport, ImportRewrite),
        new("Import", "insurance_policies", BulkImport, ImportRewrite),
        new("Import", "ledger_entries", BulkImport + " (the opening disbursement lines)", ImportRewrite + " (the ledger lines through Payments)"),
        new("Import", "bureau_reports", "BureauImporter lives in Import/ but stores CreditEvaluation's reports",
            "issue 12 item 6 (one column map per file kind): the bureau kind moves to CreditEvaluation/"),
        new("Import", "audit_entries", "the file's audit entry (counts, SHA-256) is added directly",
            "issue 12 item 6: through Audit's public recorder"),
        new("Payments", "audit_entries", "a posting adds its audit entry directly",
            "issue 12 item 4 (PaymentPosting split): the unit of work records it through Audit's public recorder"),
        new("Payments", "obligations", "the posting lock is a no-op UPDATE of the obligation row (SELECT … FOR UPDATE emulation)",
            "issue 12 item 4: the \"lock, load, save\" unit of work takes the lock through Portfolio's public lock"),
        new("Payments", "installments", "ObligationState.SyncInstallments refreshes the paid columns (Installment.RecordPaid) after an allocation",
            "issue 12 item 4: the unit of work saves the allocation through Portfolio's public schedule update"),
        new("Demo", "installments", "the generator marks its new installments paid (RecordPaid) before Portfolio adds them",
            "issue 12 item 1 (Demo into its folder): generate the history through Import and Payments"),
        new("Demo", "obligations", "the generator adds co-debtors to its new obligations (AddParty) before Portfolio adds them",
            "issue 12 item 1 (Demo into its folder): generate the portfolio through Import"),
        new("Demo", "ledger_entries", "the synthetic history writes its ledger lines directly",
            "issue 12 item 7: Payments' set-wise ledger writer"),
        new("Import", "payments", "the payments file is allocated set-wise (Payments' public PaymentChecks, PaymentReallocation, ObligationState) and its payments and ledger lines written in bulk by the import",
            "issue 12 item 7: the set-wise posting and its bulk write move behind one Payments batch type; Import only parses"),
        new("Demo", "action_outcomes", "the demo's champion/challenger outcomes (DemoActionOutcomes, moved from Scoring/ into Demo/) are added directly",
            "issue 12 item 2: through Scoring's public outcome recorder"),
    ];

    public static readonly IReadOnlyList<KnownBackEdge> BackEdges =
    [
        new("Delinquency", "Import", "UsuryCapImporter and ProductSettingsExchange report rows with Import's ImportError",
            "issue 12 item 6 (one column map per file kind): the row-error type moves out of Import/"),
        new("Delinquency", "Export", "DelinquencyAging reuses DelinquencyExporter's query",
            "issue 12 items 4–5 (close-of-day steps, Delinquency rewrite): the aging query moves to Delinquency/"),
        new("Import", "Export", "Import's ErrorReport escapes cells with Export's CsvText",
            "issue 12 item 6: the error report writes through Export's public TabularWriter or its own escaping"),
    ];
}
