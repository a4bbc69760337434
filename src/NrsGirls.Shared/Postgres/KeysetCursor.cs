using System.Buffers.Binary;
using System.Buffers.Text;

namespace NrsGirls.Shared.Postgres;

/// <summary>
/// An opaque cursor for lists ordered by (timestamp desc, id desc): base64url of the last row's
/// timestamp (microseconds, as PostgreSQL keeps them) and id. A cursor the server did not make fails to
/// decode and is answered with a named 400, never a 500.
/// </summary>
public static class KeysetCursor
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static string Encode(DateTime at, Guid id)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, DateTime.SpecifyKind(at, DateTimeKind.Utc).Ticks);
        id.TryWriteBytes(bytes[8..]);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? cursor, out DateTime at, out Guid id)
    {
        at = default;
        id = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64) return false;
        if (!TryDecodeBytes(cursor, 24, out var bytes)) return false;
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        at = new DateTime(ticks, DateTimeKind.Utc);
        id = new Guid(bytes[8..24]);
        return true;
    }

    /// <summary>
    /// Base64url text to exactly <paramref name="length"/> bytes; false for anything else (wrong length,
    /// characters outside the alphabet, padding in the wrong place), never an exception.
    /// </summary>
    public static bool TryDecodeBytes(string text, int length, out byte[] bytes)
    {
        bytes = [];
        if (text.Length > 4 * ((length + 2) / 3) + 2) return false;
        try { bytes = Base64Url.DecodeFromChars(text); }
        catch (FormatException) { return false; }
        return bytes.Length == length;
    }

    /// <summary>The page size: the default when absent, capped at <see cref="MaxLimit"/> (a bigger one is not an error).</summary>
    public static int Limit(int? requested) => requested is null or < 1 ? DefaultLimit : Math.Min(requested.Value, MaxLimit);
}
