namespace NrsGirls.Shared.Accounts;

/// <summary>
/// TOTP secrets and codes: a secret is encrypted (AES-256-GCM, key-id prefix) with the user id as
/// associated data, and a code is accepted once (the last accepted step per user is remembered).
/// </summary>
public sealed class TwoFactorCodes(AccountTokens tokens, FieldEncryption encryption, TimeProvider clock)
{
    public string Protect(byte[] secret, Guid userId) => encryption.Encrypt(secret, Aad(userId));

    /// <summary>Null when the value cannot be decrypted (altered, or its key is gone).</summary>
    public byte[]? Unprotect(string stored, Guid userId) => encryption.Decrypt(stored, Aad(userId));

    internal byte[] SecretOf(UserRow user) =>
        Unprotect(user.TwoFactorSecret!, user.Id)
        ?? throw new InvalidOperationException($"The 2FA secret of user {user.Id} cannot be decrypted: its key is missing from NRSGIRLS_ENCRYPTION_KEYS or the value was altered.");

    /// <summary>
    /// Null when the code matches now (±1 step) and its step was not used before; else the refusal
    /// (401 at sign-in; see <see cref="AccountErrors.Reauthenticating"/> for signed-in changes).
    /// </summary>
    public async Task<ServiceError?> CheckAsync(Guid userId, byte[] secret, string code)
    {
        if (Totp.Match(secret, code, clock.GetUtcNow()) is not { } step) return AccountErrors.InvalidCode;
        return await tokens.AcceptStepAsync(userId, step) ? null : AccountErrors.CodeAlreadyUsed;
    }

    /// <summary>Associated data of a user's 2FA secret: the user id (RFC 4122 byte order).</summary>
    private static byte[] Aad(Guid userId) => userId.ToByteArray(bigEndian: true);
}
