using NrsGirls.Shared.Accounts;


namespace NrsGirls.Tests.Accounts;

public class TotpTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    // RFC 6238 Appendix B, SHA1 column (8 digits).
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Codes_match_the_RFC_6238_test_vectors(long unixSeconds, string expected)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
        Assert.Equal(expected, Totp.Compute(RfcSecret, step, digits: 8));
        Assert.Equal(expected[^6..], Totp.Compute(RfcSecret, step));
    }

    [Fact]
    public void A_code_one_step_either_side_is_accepted_and_two_steps_away_is_not()
    {
        var secret = Totp.NewSecret();
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_010);
        var step = Totp.StepAt(now);
        Assert.Equal(step, Totp.Match(secret, Totp.Compute(secret, step), now));
        Assert.Equal(step - 1, Totp.Match(secret, Totp.Compute(secret, step - 1), now));
        Assert.Equal(step + 1, Totp.Match(secret, Totp.Compute(secret, step + 1), now));
        Assert.Null(Totp.Match(secret, Totp.Compute(secret, step - 2), now));
        Assert.Null(Totp.Match(secret, Totp.Compute(secret, step + 2), now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("١٢٣٤٥٦")] // non-ASCII digits
    public void Malformed_codes_never_match(string code) =>
        Assert.Null(Totp.Match(Totp.NewSecret(), code, DateTimeOffset.UtcNow));

    [Fact]
    public void Base32_round_trips_and_matches_RFC_4648()
    {
        Assert.Equal("MZXW6YTBOI", Totp.Base32Encode("foobar"u8));
        Assert.Equal("foobar"u8.ToArray(), Totp.Base32Decode("MZXW6YTBOI======"));
        var secret = Totp.NewSecret();
        Assert.Equal(32, Totp.Base32Encode(secret).Length);
        Assert.Equal(secret, Totp.Base32Decode(Totp.Base32Encode(secret)));
    }

    [Fact]
    public void The_otpauth_uri_names_issuer_account_secret_and_parameters()
    {
        var secret = Totp.NewSecret();
        var uri = new Uri(Totp.OtpAuthUri("NrsGirls", "a+b@example.com", secret));
        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Contains("NrsGirls:a%2Bb%40example.com", uri.AbsolutePath);
        Assert.Contains($"secret={Totp.Base32Encode(secret)}", uri.Query);
        Assert.Contains("issuer=NrsGirls", uri.Query);
        Assert.Contains("digits=6", uri.Query);
        Assert.Contains("period=30", uri.Query);
    }
}
