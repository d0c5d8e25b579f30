using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Cartera.Application.Import;

/// <summary>
/// The keys (ids, documents) already seen in a file with the row of their first appearance, to report duplicates. A key
/// is kept as a 128-bit digest (SHA-256, truncated) rather than its text: about 36 bytes a key instead of 100-150, so a
/// file of millions of rows stays well inside the import's memory budget. Two different keys share a digest with a
/// probability of about n²/2¹²⁹ — never, for any file.
/// </summary>
internal sealed class SeenKeys
{
    private readonly Dictionary<UInt128, long> _rows = [];

    public int Count => _rows.Count;

    public bool TryGetValue(string key, out long firstRow) => _rows.TryGetValue(Digest(key), out firstRow);

    public long this[string key]
    {
        set => _rows[Digest(key)] = value;
    }

    private static UInt128 Digest(string key)
    {
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        Span<byte> bytes = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(key, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..length], hash);
            return BinaryPrimitives.ReadUInt128LittleEndian(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
