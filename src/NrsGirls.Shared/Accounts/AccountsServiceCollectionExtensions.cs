using Microsoft.Extensions.DependencyInjection.Extensions;
using NrsGirls.Shared.Activity;

namespace NrsGirls.Shared.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>Accounts, sessions, 2FA, sign-in limits and the activity log; called once from AddNrsGirlsShared.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<KeyedHash>();
        services.AddSingleton<FieldEncryption>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SessionAuthenticator>();
        services.AddSingleton<AccountTokens>();
        services.AddSingleton<ActivityLog>();
        // The outer seam: a real provider (or a test double) registered first wins.
        services.TryAddSingleton<IEmailSender, LoggingEmailSender>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<TwoFactorCodes>();
        services.AddSingleton<AccountSessions>();
        services.AddSingleton<RegistrationService>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<TwoFactorService>();
        services.AddSingleton<UserSettingsService>();
        return services;
    }
}
