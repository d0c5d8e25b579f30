using System.Globalization;
using System.Runtime.CompilerServices;
using Cartera.Domain.Bureau;

namespace Cartera.Domain.Tests.Bureau;

/// <summary>docs/user/bureau.md documents every field of every layout (position, length, type, name, content) exactly as the code writes it.</summary>
public sealed class BureauLayoutDocumentationTests
{
    [Fact]
    public void The_user_page_lists_every_field_of_every_layout_as_the_code_has_it()
    {
        var page = File.ReadAllText(PagePath()).ReplaceLineEndings("\n");
        foreach (var layout in BureauLayouts.All)
        {
            page.ShouldContain(Table(layout), customMessage: $"docs/user/bureau.md: the table of {layout.Name} differs from BureauLayouts");
        }
    }

    /// <summary>The markdown table of a layout: one row per field, positions 1-based and inclusive.</summary>
    public static string Table(FixedWidthLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"| posición / position | longitud / length | tipo / type | campo / field | contenido / content |"),
            "|---|---|---|---|---|",
        };
        lines.AddRange(layout.Fields.Select(f => string.Create(
            CultureInfo.InvariantCulture,
            $"| {f.Position}–{f.End} | {f.Length} | {(f.Type == FieldType.Numeric ? "N" : "A")} | `{f.Name}` | {f.Description} |")));
        return string.Join('\n', lines) + "\n";
    }

    private static string PagePath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "docs", "user", "bureau.md");
}
