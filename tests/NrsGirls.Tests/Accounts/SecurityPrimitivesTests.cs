using NrsGirls.Shared.Accounts;


namespace NrsGirls.Tests.Accounts;

public class SecurityPrimitivesTests
{
    private static SecurityOptions Options(string active = "k1", int cost = 4) => new()
    {
        EncryptionKeys = new Dictionary<string, byte[]>
        {
            ["k1"] = Enumerable.Repeat((byte)1, 32).ToArray(),
            ["k2"] = Enumerable.Repeat((byte)2, 32).ToArray(),
        },
        ActiveKeyId = active,
        HashingKey = Enumerable.Repeat((byte)3, 32).ToArray(),
        BcryptCost = cost,
    };

    private static PasswordHasher Hasher(SecurityOptions? o = null)
    {
        o ??= Options();
        return new PasswordHasher(o, new KeyedHash(o));
    }

    [Fact]
    public void Passwords_sharing_their_first_72_bytes_do_not_collide()
    {
        var hasher = Hasher();
        var prefix = new string('x', 72) + "-suffix-";
        var hash = hasher.Hash(prefix + "one");
        Assert.True(hasher.Verify(prefix + "one", hash));
        Assert.False(hasher.Verify(prefix + "two", hash));
        // Plain bcrypt would have accepted it: that is the bug the pre-hash prevents.
        Assert.True(BCrypt.Net.BCrypt.Verify(prefix + "two", BCrypt.Net.BCrypt.HashPassword(prefix + "one", 4)));
    }

    [Fact]
    public void Hashes_use_the_configured_cost_and_need_the_hashing_key()
    {
        var hash = Hasher(Options(cost: 5)).Hash(AccountFlows.Password);
        Assert.StartsWith("$2", hash);
        Assert.Equal("05", hash.Split('$')[2]);
        var otherKey = Options() with { HashingKey = Enumerable.Repeat((byte)4, 32).ToArray() };
        Assert.False(Hasher(otherKey).Verify(AccountFlows.Password, hash));
        Assert.False(Hasher().Verify(AccountFlows.Password, "not a bcrypt hash"));
    }

    [Theory]
    [InlineData("", "is required.")]
    [InlineData("short1", "at least 10")]
    [InlineData("aaaaaaaaaaaaaaa", "one character repeated")]
    [InlineData("Password123", "most commonly used")]
    [InlineData("qwertyuiop", "most commonly used")]
    [InlineData("jane.doe.rocks", "e-mail address or its name")]
    public void Weak_passwords_are_refused_with_a_reason(string password, string reason) =>
        Assert.Contains(reason, PasswordPolicy.Check(password, "jane.doe.rocks@example.com"));

    [Fact]
    public void Long_passwords_are_accepted_up_to_256_characters_and_refused_beyond()
    {
        Assert.Null(PasswordPolicy.Check(new string('a', 63) + "b", null));
        Assert.Null(PasswordPolicy.Check(string.Concat(Enumerable.Repeat("abcdefgh", 32)), null));
        Assert.Contains("at most 256", PasswordPolicy.Check(string.Concat(Enumerable.Repeat("abcdefgh", 32)) + "x", null));
    }

    [Fact]
    public void Field_encryption_round_trips_with_a_key_id_prefix_and_binds_the_owner()
    {
        var enc = new FieldEncryption(Options());
        var owner = Guid.NewGuid().ToByteArray();
        var stored = enc.Encrypt("secret"u8, owner);
        Assert.StartsWith("k1:", stored);
        Assert.Equal("secret"u8.ToArray(), enc.Decrypt(stored, owner));
        Assert.Null(enc.Decrypt(stored, Guid.NewGuid().ToByteArray()));
        Assert.NotEqual(stored, enc.Encrypt("secret"u8, owner)); // fresh nonce every time

        var bytes = Convert.FromBase64String(stored[3..]);
        bytes[^1] ^= 1;
        Assert.Null(enc.Decrypt("k1:" + Convert.ToBase64String(bytes), owner));
        Assert.Null(enc.Decrypt("k9:" + stored[3..], owner));
        Assert.Null(enc.Decrypt("garbage", owner));
    }

    [Fact]
    public void After_rotation_old_values_still_decrypt_and_new_ones_use_the_new_key()
    {
        var owner = Guid.NewGuid().ToByteArray();
        var old = new FieldEncryption(Options(active: "k1")).Encrypt("secret"u8, owner);
        var rotated = new FieldEncryption(Options(active: "k2"));
        Assert.Equal("secret"u8.ToArray(), rotated.Decrypt(old, owner));
        Assert.StartsWith("k2:", rotated.Encrypt("secret"u8, owner));
    }

    [Fact]
    public void Tokens_are_43_base64url_characters_of_fresh_randomness()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => SecureTokens.New()).ToList();
        Assert.All(tokens, t => Assert.True(SecureTokens.LooksValid(t)));
        Assert.Equal(100, tokens.Distinct().Count());
        Assert.False(SecureTokens.LooksValid(Guid.NewGuid().ToString()));
        Assert.False(SecureTokens.LooksValid(tokens[0][..42] + "!"));
    }

    [Theory]
    [InlineData("  Alice@Example.COM ", "alice@example.com")]
    [InlineData("a.b+tag@sub.example.org", "a.b+tag@sub.example.org")]
    public void Emails_are_trimmed_and_lower_cased(string input, string expected) =>
        Assert.Equal(expected, EmailAddress.Normalize(input).Email);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("a@b")]
    [InlineData("a@@example.com")]
    [InlineData("a b@example.com")]
    [InlineData("a..b@example.com")]
    [InlineData("a@-example.com")]
    [InlineData("a@example..com")]
    [InlineData("<a>@example.com")]
    public void Invalid_emails_are_refused(string? input) => Assert.NotNull(EmailAddress.Normalize(input).Error);

    [Fact]
    public void Over_long_emails_are_refused() =>
        Assert.Contains("at most 254", EmailAddress.Normalize(new string('a', 60) + "@" + string.Join(".", Enumerable.Repeat(new string('b', 60), 4)) + ".com").Error);
}
