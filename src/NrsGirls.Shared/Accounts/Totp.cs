using System.Buffers.Binary;
using System.Security.Cryptography;

namespace NrsGirls.Shared.Accounts;

/// <summary>
/// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 30-second steps, 6 digits,
/// 20-byte secrets shown as base32 — what every authenticator app expects by default.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;
    public const int SecretBytes = 20;

    /// <summary>Steps either side of now that are still accepted (clock drift between phone and server).</summary>
    public const int DriftSteps = 1;

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The HOTP value for a counter (RFC 4226 section 5.3), zero-padded to <paramref name="digits"/>.</summary>
    public static string Compute(byte[] secret, long step, int digits = Digits)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[20];
        HMACSHA1.HashData(secret, counter, mac);
        var offset = mac[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(mac.Slice(offset, 4)) & 0x7fffffff) % Pow10(digits);
        return binary.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>
    /// The step whose code matches (now, or one step either side), or null. Every candidate is compared
    /// in constant time so timing does not show which part of the code was right.
    /// </summary>
    public static long? Match(byte[] secret, string code, DateTimeOffset now)
    {
        if (code.Length != Digits || !code.All(char.IsAsciiDigit)) return null;
        var current = StepAt(now);
        long? matched = null;
        var given = Encoding.ASCII.GetBytes(code);
        for (var step = current - DriftSteps; step <= current + DriftSteps; step++)
            if (CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Compute(secret, step))))
                matched ??= step;
        return matched;
    }

    /// <summary>The otpauth:// URI authenticator apps read from a QR code (Key Uri Format).</summary>
    public static string OtpAuthUri(string issuer, string account, byte[] secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}" +
        $"?secret={Base32Encode(secret)}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>RFC 4648 base32 without padding (what authenticator apps accept).</summary>
    public static string Base32Encode(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }

    public static byte[] Base32Decode(string text)
    {
        var clean = text.TrimEnd('=').ToUpperInvariant();
        var output = new List<byte>(clean.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var v = Alphabet.IndexOf(c);
            if (v < 0) throw new FormatException("Not base32.");
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. output];
    }

    private static int Pow10(int n)
    {
        var r = 1;
        for (var i = 0; i < n; i++) r *= 10;
        return r;
    }
}
