using Microsoft.Extensions.DependencyInjection;
using NrsGirls.Shared.Configuration;

namespace NrsGirls.Cli.Database;

/// <summary>How seed data hashes its development password: the same way accounts do.</summary>
public static class SeedPasswords
{
    public static Func<string, string> Hasher(IServiceProvider services)
    {
        var cost = services.GetRequiredService<SecurityOptions>().BcryptCost;
        return password => BCrypt.Net.BCrypt.HashPassword(password, cost);
    }
}
