namespace NrsGirls.Shared.Accounts;

/// <summary>
/// What a new password must satisfy. Length is the main defence (NIST SP 800-63B): at least
/// <see cref="MinLength"/>, at most <see cref="MaxLength"/> characters (bcrypt only reads 72 bytes, but
/// <see cref="PasswordHasher"/> pre-hashes, so every character counts). On top, a short list of the
/// passwords attackers try first, a single repeated character, and the address's own name are refused.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 256;

    // The most common passwords of at least MinLength characters in public breach corpora (lower case).
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "1234567890", "12345678910", "123456789a", "0123456789", "0987654321", "1111111111", "1234512345",
        "1q2w3e4r5t", "1qaz2wsx3edc", "qwertyuiop", "qwerty1234", "qwerty12345", "qwerty123456", "asdfghjkl1",
        "password12", "password123", "password1234", "passw0rd123", "p@ssw0rd123", "iloveyou12", "iloveyou123",
        "abcdefghij", "abcd123456", "abc1234567", "a123456789", "letmein123", "welcome123", "welcome1234",
        "football12", "football123", "baseball123", "princess123", "sunshine123", "superman123", "monkey1234",
        "dragon1234", "master1234", "trustno1234", "zaq12wsxcde", "administrator", "changeme123", "secret1234",
        "nrsgirls123", "nrsgirls1234", "qazwsxedcrfv", "1234qwerasdf", "q1w2e3r4t5y6", "987654321a",
    };

    /// <summary>Null when acceptable; otherwise why not, phrased to follow the field name.</summary>
    public static string? Check(string? password, string? normalizedEmail)
    {
        if (string.IsNullOrEmpty(password)) return "is required.";
        if (password.Length > MaxLength) return $"must be at most {MaxLength} characters.";
        if (password.Length < MinLength) return $"must be at least {MinLength} characters.";
        if (password.All(c => c == password[0])) return "must not be one character repeated.";
        var lower = password.ToLowerInvariant();
        if (Common.Contains(lower)) return "is one of the most commonly used passwords; choose another.";
        if (normalizedEmail is not null &&
            (lower == normalizedEmail || lower == EmailAddress.LocalPart(normalizedEmail)))
            return "must not be your e-mail address or its name part.";
        return null;
    }
}
