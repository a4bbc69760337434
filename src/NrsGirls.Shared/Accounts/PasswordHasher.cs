using System.Security.Cryptography;

namespace NrsGirls.Shared.Accounts;

/// <summary>
/// bcrypt (BCrypt.Net-Next) at the configured cost (NRSGIRLS_BCRYPT_COST, 12 by default) over a keyed
/// pre-hash: base64(HMAC-SHA256(hashing key, password)). bcrypt reads only the first 72 bytes, so two
/// long passwords sharing a 72-byte prefix would collide; the pre-hash is always 44 ASCII bytes, so every
/// character counts, and without the hashing key a stolen users table cannot be cracked offline.
/// Rotating NRSGIRLS_HASHING_KEY therefore invalidates every password: keep it stable.
/// </summary>
public sealed class PasswordHasher(SecurityOptions options, KeyedHash keyedHash)
{
    private readonly Lazy<string> _dummy = new(() => BCrypt.Net.BCrypt.HashPassword("dummy", options.BcryptCost));

    public int Cost => options.BcryptCost;

    public string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(PreHash(password), options.BcryptCost);

    public bool Verify(string password, string hash)
    {
        try { return BCrypt.Net.BCrypt.Verify(PreHash(password), hash); }
        catch (BCrypt.Net.SaltParseException) { return false; }
    }

    /// <summary>
    /// Spends the time of one <see cref="Verify"/> and returns false: used when there is no user, so an
    /// unknown e-mail takes as long to refuse as a wrong password.
    /// </summary>
    public bool VerifyNobody(string password)
    {
        BCrypt.Net.BCrypt.Verify(PreHash(password), _dummy.Value);
        return false;
    }

    private string PreHash(string password) => Convert.ToBase64String(keyedHash.Compute("password", password));

    /// <summary>A fresh random password hash, for accounts that must never sign in with a password again.</summary>
    public string Unusable() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
}
