using System.Security.Cryptography;

namespace NrsGirls.Shared.Security;

/// <summary>
/// HMAC-SHA256 under the configured hashing key (NRSGIRLS_HASHING_KEY). Each use names a purpose that
/// is mixed into the input, so a value hashed for one purpose (a session token) can never be confused
/// with the same bytes hashed for another (a password pre-hash, an e-mail in a rate-limit key).
/// </summary>
public sealed class KeyedHash(SecurityOptions options)
{
    public byte[] Compute(string purpose, string value)
    {
        var input = Encoding.UTF8.GetBytes(purpose + "\0" + value);
        return HMACSHA256.HashData(options.HashingKey, input);
    }

    /// <summary>Lower-case hex, for Redis keys: a Redis dump or log never shows the token or address itself.</summary>
    public string Hex(string purpose, string value) => Convert.ToHexStringLower(Compute(purpose, value));
}

/// <summary>Opaque bearer secrets: 32 bytes from the operating system's CSPRNG, base64url without padding.</summary>
public static class SecureTokens
{
    public const int Bytes = 32;

    /// <summary>Length of <see cref="New"/>'s output: 43 characters.</summary>
    public const int Length = 43;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>True when the text could have come from <see cref="New"/>; anything else is refused unhashed.</summary>
    public static bool LooksValid(string? token)
    {
        if (token is null || token.Length != Length) return false;
        foreach (var c in token)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')) return false;
        return true;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
