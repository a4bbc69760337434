namespace NrsGirls.Shared.Accounts;

/// <summary>Field checks shared by the accounts services; each adds a named error and never throws.</summary>
internal static class AccountInput
{
    /// <summary>The normalized address, or null with an <c>email</c> error.</summary>
    public static string? Email(string? email, Dictionary<string, string[]> errors)
    {
        var (normalized, error) = EmailAddress.Normalize(email);
        if (error is not null) errors["email"] = [error];
        return normalized;
    }

    /// <summary>A new password against the policy.</summary>
    public static void NewPassword(string field, string? password, string? normalizedEmail, Dictionary<string, string[]> errors)
    {
        if (PasswordPolicy.Check(password, normalizedEmail) is { } reason) errors[field] = [reason];
    }

    /// <summary>A password to check against the stored hash: present and not absurdly long.</summary>
    public static void GivenPassword(string field, string? password, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(password)) errors[field] = ["is required."];
        else if (password.Length > PasswordPolicy.MaxLength) errors[field] = [$"must be at most {PasswordPolicy.MaxLength} characters."];
    }

    public static void Code(string? code, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(code)) errors["code"] = ["is required."];
        else if (code.Length != Totp.Digits || !code.All(char.IsAsciiDigit)) errors["code"] = [$"must be {Totp.Digits} digits."];
    }

    public static void Token(string field, string? token, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(token)) errors[field] = ["is required."];
        else if (token.Length > 128) errors[field] = ["must be at most 128 characters."];
    }
}
