using System.Text;

namespace NrsGirls.Shared.Accounts;

/// <summary>
/// E-mail addresses as accounts store them: trimmed, Unicode-normalized (NFC) and lower-cased, so that
/// Alice@Example.com and alice@example.com are one account (users has a unique index on lower(email)).
/// </summary>
public static class EmailAddress
{
    /// <summary>RFC 5321's limit on a forward path, tighter than the column's 255.</summary>
    public const int MaxLength = 254;
    private const int MaxLocalPart = 64;

    /// <summary>The normalized address, or null with the reason it is not acceptable.</summary>
    public static (string? Email, string? Error) Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return (null, "is required.");
        var email = input.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
        if (email.Length > MaxLength) return (null, $"must be at most {MaxLength} characters.");

        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1 || email.IndexOf('@') != at) return (null, "is not a valid e-mail address.");
        var local = email[..at];
        var domain = email[(at + 1)..];
        if (local.Length > MaxLocalPart) return (null, $"has a part before @ longer than {MaxLocalPart} characters.");
        if (email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '(' or ')' or ',' or ';' or ':' or '\\' or '"' or '[' or ']'))
            return (null, "is not a valid e-mail address.");
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
            return (null, "is not a valid e-mail address.");
        // A domain with at least one dot and labels of letters, digits and hyphens (or IDN letters).
        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') ||
                                                  !l.All(c => char.IsLetterOrDigit(c) || c == '-')))
            return (null, "is not a valid e-mail address.");
        return (email, null);
    }

    /// <summary>The part before the @, for the "password equals your name" check.</summary>
    public static string LocalPart(string normalized) => normalized[..normalized.LastIndexOf('@')];
}
