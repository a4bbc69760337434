using NrsGirls.Shared.Accounts;

namespace NrsGirls.Tests.Accounts;

/// <summary>Addresses that would display as another one are refused on every path that takes an address.</summary>
public class EmailCharacterTests(AccountsFixture app) : IClassFixture<AccountsFixture>
{
    public static TheoryData<string, string> Spoofing => new()
    {
        { "right-to-left override", "gnp.\u202Eevil" },
        { "left-to-right isolate", "ab\u2066cd" },
        { "zero-width space", "ad\u200Bmin" },
        { "zero-width joiner", "ad\u200Dmin" },
        { "byte order mark", "\uFEFFadmin" },
        { "Hangul filler (a letter that shows nothing)", "ad\u3164min" },
        { "NUL", "ad\0min" },
        { "control (bell)", "ad\u0007min" },
        { "tab", "ad\tmin" },
        { "no-break space", "ad\u00A0min" },
        { "emoji", "ad\U0001F600min" },
        { "symbol (snowman)", "ad\u2603min" },
        { "math symbol", "ad\u2215min" },
    };

    private static string Address(string local) => $"{local}-{Guid.NewGuid():N}@example.com";

    private static void AssertEmailRefused(Answer answer)
    {
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.Single(answer.FieldErrors("email"));
    }

    [Theory]
    [MemberData(nameof(Spoofing))]
    public void The_address_rules_name_the_character(string what, string local)
    {
        var error = EmailAddress.Normalize(Address(local)).Error;
        Assert.True(error is not null, what);
        Assert.Contains("U+", error);
    }

    [Theory]
    [MemberData(nameof(Spoofing))]
    public async Task Registration_refuses_the_address_and_writes_nothing(string what, string local)
    {
        var email = Address(local);
        var users = await app.Scalar<long>("select count(*) from users");
        AssertEmailRefused(await app.Register(email));
        Assert.True(users == await app.Scalar<long>("select count(*) from users"), what);
        Assert.DoesNotContain(email.ToLowerInvariant(), app.VerificationTokens.Keys);
    }

    [Theory]
    [MemberData(nameof(Spoofing))]
    public async Task Login_refuses_the_address_before_counting_or_checking_anything(string what, string local)
    {
        var ip = Http.NewIp();
        AssertEmailRefused(await app.Login(Address(local), ip: ip));
        Assert.True((await app.RedisKeys($"ratelimit:ip:{ip}:*")).Count == 0, $"{what}: a refused address was counted");
    }

    [Theory]
    [MemberData(nameof(Spoofing))]
    public async Task Changing_the_email_refuses_the_address_and_keeps_the_old_one(string what, string local)
    {
        var user = await app.SignUp();
        var answer = await Http.Call(app.Services, app.Me.UpdateMe(
            Http.Request(new { email = Address(local), currentPassword = user.Password }, user.Token), default));
        AssertEmailRefused(answer);
        Assert.True(user.Email == await app.Scalar<string>("select email from users where id = @UserId", new { user.UserId }), what);
    }

    [Theory]
    [InlineData("josé.garcía@exämple.com")]
    [InlineData("d'artagnan+tag@example.com")]
    [InlineData("user_name-1=2{x}|~^`$%&*#!?/@example.com")]
    [InlineData("用户@例子.广告")]
    [InlineData("नमस्ते@example.com")]
    public void Letters_of_any_script_digits_and_the_usual_punctuation_are_accepted(string email) =>
        Assert.Null(EmailAddress.Normalize(email).Error);
}
