using NrsGirls.Cli.Database;
using NrsGirls.Shared.Accounts;


namespace NrsGirls.Tests.Accounts;

/// <summary>`nrsgirls users create-admin`, run in-process with its own standard input and writers.</summary>
public class UsersCommandTests(AccountsFixture app) : IClassFixture<AccountsFixture>
{
    private Task<CliRun> Run(string stdin, params string[] args) => CliRuns.Run(app.Configuration, args, stdin);

    [Fact]
    public async Task Create_admin_makes_a_verified_admin_with_settings_who_can_sign_in()
    {
        var email = AccountFlows.NewEmail();
        var (exit, output, err) = await Run(AccountFlows.Password + "\n", "users", "create-admin", "--email", email.ToUpperInvariant(), "--password-stdin");

        Assert.True(exit == 0, err);
        Assert.Contains("Created admin", output);
        Assert.DoesNotContain(AccountFlows.Password, output + err);
        Assert.Equal(1L, await app.Scalar<long>("""
            select count(*) from users u join user_settings s on s.user_id = u.id
            where u.email = @email and u.role = 'admin' and u.verified
            """, new { email }));
        var login = await app.Login(email);
        Assert.Equal(200, login.Status);
        Assert.Equal(Roles.Admin, (await app.GetMe(login.Str("token"))).Str("role"));

        var (again, _, againErr) = await Run(AccountFlows.Password + "\n", "users", "create-admin", "--email", email, "--password-stdin");
        Assert.Equal(1, again);
        Assert.Contains("already exists", againErr);
    }

    [Fact]
    public async Task Create_admin_refuses_weak_passwords_and_a_password_not_on_stdin()
    {
        var email = AccountFlows.NewEmail();
        var (weak, _, weakErr) = await Run("password123\n", "users", "create-admin", "--email", email, "--password-stdin");
        Assert.Equal(2, weak);
        Assert.Contains("password", weakErr);

        var (noStdin, _, noStdinErr) = await Run("", "users", "create-admin", "--email", email);
        Assert.Equal(2, noStdin);
        Assert.Contains("--password-stdin", noStdinErr);
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from users where email = @email", new { email }));
    }

    [Fact]
    public async Task Seeded_accounts_sign_in_with_the_development_password()
    {
        var (exit, _, err) = await Run("", "db", "seed", "users");
        Assert.True(exit == 0, err);
        var login = await app.Login(Seeder.Users[1].Email, Seeder.DevPassword);
        Assert.True(login.Status == 200, login.Raw);
    }
}
