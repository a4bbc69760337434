using System.Security.Cryptography;

namespace NrsGirls.Shared.Postgres;

/// <summary>Stable UUIDs derived from a name (RFC 9562 version 8 layout over SHA-256), for repeatable seed data.</summary>
public static class DeterministicId
{
    public static Guid From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("nrsgirls:" + name), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }
}
