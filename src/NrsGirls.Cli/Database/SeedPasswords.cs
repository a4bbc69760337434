using Microsoft.Extensions.DependencyInjection;
using NrsGirls.Shared.Accounts;

namespace NrsGirls.Cli.Database;

/// <summary>How seed data hashes its development password: the same way accounts do.</summary>
public static class SeedPasswords
{
    public static Func<string, string> Hasher(IServiceProvider services)
    {
        // Accounts pre-hash with the hashing key before bcrypt: a plain bcrypt hash would never verify.
        return services.GetRequiredService<PasswordHasher>().Hash;
    }
}
