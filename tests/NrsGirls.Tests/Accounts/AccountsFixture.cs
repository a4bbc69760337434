using NrsGirls.Functions.Accounts;

namespace NrsGirls.Tests.Accounts;

/// <summary>The app (see <see cref="AppFixture"/>: real stores, manual clock, e-mail double) with the accounts functions at hand.</summary>
public class AccountsFixture : AppFixture
{
    public AuthApi Auth => ActivatorUtilities.CreateInstance<AuthApi>(Services);
    public MeApi Me => ActivatorUtilities.CreateInstance<MeApi>(Services);
    public SettingsApi Settings => ActivatorUtilities.CreateInstance<SettingsApi>(Services);
}
