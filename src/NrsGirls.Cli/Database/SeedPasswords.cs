using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Security;

namespace NrsGirls.Cli.Database;

/// <summary>How seed data hashes its development password: the same way accounts do.</summary>
public static class SeedPasswords
{
    /// <summary>Needs only the hashing settings (<see cref="SettingsBinder.BindHashing"/>), not the app's other secrets.</summary>
    public static Func<string, string> Hasher(SecurityOptions hashing)
    {
        // Accounts pre-hash with the hashing key before bcrypt: a plain bcrypt hash would never verify.
        return new PasswordHasher(hashing, new KeyedHash(hashing)).Hash;
    }
}
