using NrsGirls.Shared.Accounts;

namespace NrsGirls.Tests.Accounts;

public sealed record SignedIn(Guid UserId, string Email, string Password, string Token, string Ip);

/// <summary>The steps most tests start with, through the real functions.</summary>
public static class AccountFlows
{
    public const string Password = "correct horse battery staple";

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public static Task<Answer> Register(this AccountsFixture app, string email, string password = Password, string role = Roles.Viewer, string? ip = null) =>
        Http.Call(app.Services, app.Auth.Register(Http.Request(new { email, password, role }, ip: ip), default));

    public static Task<Answer> Login(this AccountsFixture app, string email, string password = Password, string? ip = null) =>
        Http.Call(app.Services, app.Auth.Login(Http.Request(new { email, password }, ip: ip), default));

    public static Task<Answer> GetMe(this AccountsFixture app, string? token) =>
        Http.Call(app.Services, app.Me.GetMe(Http.Request(token: token), default));

    /// <summary>A new account of <paramref name="role"/>, signed in.</summary>
    public static async Task<SignedIn> SignUp(this AccountsFixture app, string role = Roles.Viewer)
    {
        var email = NewEmail();
        var ip = Http.NewIp();
        var registered = await app.Register(email, role: role, ip: ip);
        Assert.Equal(202, registered.Status);
        var login = await app.Login(email, ip: ip);
        Assert.True(login.Status == 200, login.Raw);
        var id = await app.Scalar<Guid>("select id from users where email = @email", new { email });
        return new SignedIn(id, email, Password, login.Str("token"), ip);
    }
}
