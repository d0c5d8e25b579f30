using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Cartera.Application.Data;

/// <summary>
/// Accent- and case-insensitive text search on both databases: <see cref="Fold"/> lower-cases a text and drops its
/// diacritics (<c>Pérez</c> → <c>perez</c>, <c>MUÑOZ</c> → <c>munoz</c>); <see cref="Folded"/> is the same fold inside a
/// LINQ query. SQLite runs it as the C# function <c>cartera_fold</c>, registered on every connection Cartera opens
/// (<see cref="SqlitePragmas"/>); PostgreSQL as <c>lower(translate(text, 'ÁÉ…', 'ae…'))</c> over every Latin-1 and Latin
/// Extended-A letter whose fold is one ASCII letter (the table is generated from <see cref="Fold"/>, so both agree on
/// those letters). No extension and no stored column: nothing to migrate.
/// </summary>
public static class TextSearch
{
    public const string SqliteFunction = "cartera_fold";

    private static readonly (string From, string To) Letters = BuildLetters();

    /// <summary>Lower-case (invariant) with combining marks removed; null stays null.</summary>
    public static string? Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The database's fold of a column or value, for queries only (<c>cartera_fold(x)</c> / <c>lower(translate(x…))</c>).</summary>
    public static string Folded(string text) => throw new NotSupportedException("TextSearch.Folded is translated to SQL; call Fold in memory.");

    /// <summary>Maps <see cref="Folded"/> for the model's provider (called from <c>OnModelCreating</c>).</summary>
    public static void Register(ModelBuilder builder, bool isPostgres)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasDbFunction(typeof(TextSearch).GetMethod(nameof(Folded))!)
            .HasTranslation(args => isPostgres
                ? new SqlFunctionExpression(
                    "lower",
                    [
                        new SqlFunctionExpression(
                            "translate",
                            [args[0], new SqlFragmentExpression("'" + Letters.From + "'"), new SqlFragmentExpression("'" + Letters.To + "'")],
                            nullable: true,
                            argumentsPropagateNullability: [true, false, false],
                            typeof(string),
                            args[0].TypeMapping),
                    ],
                    nullable: true,
                    argumentsPropagateNullability: [true],
                    typeof(string),
                    args[0].TypeMapping)
                : new SqlFunctionExpression(SqliteFunction, args, nullable: true, argumentsPropagateNullability: [true], typeof(string), args[0].TypeMapping));
    }

    /// <summary>Registers <c>cartera_fold</c> on a SQLite connection (any other connection is left alone).</summary>
    public static void RegisterSqliteFunction(System.Data.Common.DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction<string?, string?>(SqliteFunction, Fold, isDeterministic: true);
        }
    }

    private static (string From, string To) BuildLetters()
    {
        var from = new StringBuilder();
        var to = new StringBuilder();
        for (var c = '\u00C0'; c <= '\u017F'; c++)
        {
            var folded = Fold(c.ToString());
            if (folded is { Length: 1 } && folded[0] is >= 'a' and <= 'z')
            {
                from.Append(c);
                to.Append(folded[0]);
            }
        }

        return (from.ToString(), to.ToString());
    }
}
