using NrsGirls.Functions.Accounts;

namespace NrsGirls.Tests.Infrastructure;

public sealed record TestUser(Guid UserId, string Email, string Password, string Token, string Ip);

/// <summary>The steps most tests start with, through the real functions.</summary>
public static class AccountFlows
{
    public const string Password = "correct horse battery staple";

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public static Task<Answer> Register(this AppFixture app, string email, string password = Password, string role = Roles.Viewer, string? ip = null) =>
        Http.Call(app.Services, app.Function<AuthApi>().Register(Http.Request(new { email, password, role }, ip: ip), default));

    public static Task<Answer> Login(this AppFixture app, string email, string password = Password, string? ip = null) =>
        Http.Call(app.Services, app.Function<AuthApi>().Login(Http.Request(new { email, password }, ip: ip), default));

    public static Task<Answer> GetMe(this AppFixture app, string? token) =>
        Http.Call(app.Services, app.Function<MeApi>().GetMe(Http.Request(token: token), default));

    /// <summary>A new account of <paramref name="role"/>, signed in.</summary>
    public static async Task<TestUser> SignUp(this AppFixture app, string role = Roles.Viewer)
    {
        var email = NewEmail();
        var ip = Http.NewIp();
        var registered = await app.Register(email, role: role, ip: ip);
        Assert.Equal(202, registered.Status);
        var login = await app.Login(email, ip: ip);
        Assert.True(login.Status == 200, login.Raw);
        var id = await app.Scalar<Guid>("select id from users where email = @email", new { email });
        return new TestUser(id, email, Password, login.Str("token"), ip);
    }

    /// <summary>An admin: made as the CLI does (the role is never self-service), then signed in again so the session carries it.</summary>
    public static async Task<TestUser> NewAdmin(this AppFixture app)
    {
        var user = await app.SignUp();
        await app.Scalar<int>("update users set role = 'admin' where id = @id returning 1", new { id = user.UserId });
        var login = await app.Login(user.Email, ip: user.Ip);
        Assert.Equal(200, login.Status);
        return user with { Token = login.Str("token") };
    }
}
