using System.Security.Cryptography;

namespace NrsGirls.Shared.Security;

/// <summary>
/// AES-256-GCM for secrets kept in a column (2FA secrets). The stored form is
/// <c>keyId:base64(nonce | ciphertext | tag)</c>: the active key (NRSGIRLS_ENCRYPTION_KEYS' first entry)
/// encrypts, and decryption uses whichever configured key the prefix names, so keys can rotate without
/// re-encrypting every row at once. The associated data binds a value to its owner (for example the
/// user id): a ciphertext copied onto another row fails authentication instead of decrypting.
/// </summary>
public sealed class FieldEncryption(SecurityOptions options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public string Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var key = options.EncryptionKeys[options.ActiveKeyId];
        var blob = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(NonceSize, plaintext.Length), blob.AsSpan(NonceSize + plaintext.Length), associatedData);
        return options.ActiveKeyId + ":" + Convert.ToBase64String(blob);
    }

    /// <summary>The plaintext, or null when the value is malformed, names an unknown key, or fails authentication.</summary>
    public byte[]? Decrypt(string stored, ReadOnlySpan<byte> associatedData)
    {
        var colon = stored.IndexOf(':');
        if (colon <= 0 || !options.EncryptionKeys.TryGetValue(stored[..colon], out var key)) return null;
        byte[] blob;
        try { blob = Convert.FromBase64String(stored[(colon + 1)..]); }
        catch (FormatException) { return null; }
        if (blob.Length < NonceSize + TagSize) return null;

        var plaintext = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize, plaintext.Length),
                blob.AsSpan(NonceSize + plaintext.Length), plaintext, associatedData);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException) { return null; }
    }

    /// <summary>The id of the key a stored value was encrypted with (for rotation reports).</summary>
    public static string? KeyIdOf(string stored) => stored.IndexOf(':') is > 0 and var i ? stored[..i] : null;
}
