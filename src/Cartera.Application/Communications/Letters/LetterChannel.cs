using Cartera.Application.Communications.Outbox;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Communications.Letters;

/// <summary>
/// Letters (<see cref="ConsentChannel.Letters"/>): each message is rendered to a PDF (<see cref="LetterPdf"/>) and put in
/// the print batch of its send date, <c>{Directory}/YYYY-MM-DD/{idempotency key}.pdf</c>. The file is written to a
/// temporary name in the same folder and then renamed over the final one, so a retry after a crash replaces the letter
/// and never leaves a second one or half a file. The receipt is the file's relative path. The addressee's name comes
/// with the message (the worker reads it from Portfolio); without it the letter cannot be addressed (permanent failure
/// <c>letter_no_recipient</c>); a file error is retried (<c>letter_io</c>).
/// </summary>
public sealed class LetterChannel(LetterSettings settings, LenderContact lender) : IMessageChannel
{
    public ConsentChannel Channel => ConsentChannel.Letters;

    public async Task<ChannelReceipt> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.RecipientName) || string.IsNullOrWhiteSpace(message.To))
        {
            throw new MessageChannelException("letter_no_recipient", true);
        }

        var content = new LetterContent(message.RecipientName, message.To, message.Language ?? "es", message.SendDate, message.Subject, message.Body);
        var pdf = LetterPdf.Render(content, settings, lender, message.IdempotencyKey);
        var relative = LetterSettings.RelativeFile(message.SendDate, message.IdempotencyKey);
        try
        {
            await WriteAtomicallyAsync(Path.Combine(settings.Directory, relative), pdf, cancellationToken);
        }
        catch (IOException e)
        {
            throw new MessageChannelException("letter_io", false, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new MessageChannelException("letter_io", false, e);
        }

        return new ChannelReceipt(relative);
    }

    /// <summary>Writes <paramref name="bytes"/> to a temporary file next to <paramref name="path"/>, then renames it over <paramref name="path"/>.</summary>
    internal static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = TemporaryName(path);
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>A temporary name in the folder of <paramref name="path"/> (same file system, so the rename is atomic).</summary>
    internal static string TemporaryName(string path) => $"{path}.{Guid.NewGuid():N}.tmp";
}
