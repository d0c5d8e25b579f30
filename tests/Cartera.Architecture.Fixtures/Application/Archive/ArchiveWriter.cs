using Cartera.Architecture.Fixtures.Application.Billing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Architecture.Fixtures.Application.Archive;

/// <summary>
/// BROKEN on purpose: a bulk writer whose SQL names its table at run time (<c>COPY {table}</c>); the table is named in
/// a descriptor literal, so Archive writes Billing's <c>invoices</c>. Archive → Billing is an edge, not a cycle.
/// </summary>
public static class ArchiveWriter
{
    private static readonly string[] Tables = ["invoices"];

    public static string[] Commands() => [.. Tables.Select(table => $"COPY {table} FROM STDIN (FORMAT BINARY)")];

    public static Type Archived => typeof(Invoice);

    public static Task<int> CountAsync(DbContext db) => db.Set<Invoice>().CountAsync();
}
