using System.Globalization;
using Cartera.Domain.Common;

namespace Cartera.Application.Communications.Letters;

/// <summary>The sheet size letters are printed on.</summary>
public enum LetterPaper
{
    /// <summary>ISO A4, 210 × 297 mm (folded in three into a DL or C5/6 window envelope).</summary>
    A4,

    /// <summary>US Letter, 8.5 × 11 in (215.9 × 279.4 mm).</summary>
    Letter,
}

/// <summary>
/// Letter settings (configuration <c>Communications:Letters:*</c>, docs/user/communications.md, "Letters"): the folder of
/// the print batches (<c>Directory</c>; default <c>cartera/letters</c> under the user's local application data folder),
/// the paper (<c>Paper</c>: <c>a4</c> or <c>letter</c>) and the lender's return address (<c>ReturnAddress</c>, printed
/// in small type on the window's first line after the lender's name).
/// </summary>
public sealed record LetterSettings
{
    public required string Directory { get; init; }

    public LetterPaper Paper { get; init; } = LetterPaper.A4;

    public string? ReturnAddress { get; init; }

    /// <summary><c>…/cartera/letters</c> under the local application data folder (Linux: <c>~/.local/share</c>), else <c>./letters</c>.</summary>
    public static string DefaultDirectory
    {
        get
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return string.IsNullOrEmpty(root) ? Path.GetFullPath("letters") : Path.Combine(root, "cartera", "letters");
        }
    }

    /// <summary>The settings from configuration values; blanks take the defaults.</summary>
    /// <exception cref="DomainException"><c>invalid_value</c>: a paper other than <c>a4</c> or <c>letter</c>.</exception>
    public static LetterSettings From(string? directory, string? paper, string? returnAddress) => new()
    {
        Directory = string.IsNullOrWhiteSpace(directory) ? DefaultDirectory : Path.GetFullPath(directory.Trim()),
        Paper = paper?.Trim().ToLowerInvariant() switch
        {
            null or "" or "a4" => LetterPaper.A4,
            "letter" => LetterPaper.Letter,
            _ => throw new DomainException("invalid_value", "Communications:Letters:Paper is a4 or letter.", "paper"),
        },
        ReturnAddress = string.IsNullOrWhiteSpace(returnAddress) ? null : returnAddress.Trim(),
    };

    /// <summary>The folder of one day's print batch: <c>{Directory}/YYYY-MM-DD</c>.</summary>
    public string DayFolder(DateOnly sendDate) => Path.Combine(Directory, Day(sendDate));

    /// <summary>A letter's file relative to <see cref="Directory"/>: <c>YYYY-MM-DD/{idempotency key}.pdf</c>.</summary>
    public static string RelativeFile(DateOnly sendDate, string idempotencyKey) => $"{Day(sendDate)}/{idempotencyKey}.pdf";

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
