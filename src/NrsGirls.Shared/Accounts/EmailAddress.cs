namespace NrsGirls.Shared.Accounts;

/// <summary>
/// E-mail addresses as accounts store them: trimmed, Unicode-normalized (NFC) and lower-cased, so that
/// Alice@Example.com and alice@example.com are one account (users has a unique index on lower(email)).
/// Only letters, combining marks, digits and the usual ASCII e-mail punctuation are accepted: text-direction
/// controls (U+202E), invisible and control characters, and symbols such as emoji would let an address
/// display as another one.
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
        if (CharacterProblem(email) is { } problem) return (null, problem);

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

    /// <summary>Why a character cannot be in an address, or null when every one can.</summary>
    private static string? CharacterProblem(string email)
    {
        foreach (var rune in email.EnumerateRunes())
        {
            if (Invisible(rune.Value)) return $"must not contain invisible, control, space or text-direction characters (found U+{rune.Value:X4}).";
            var category = Rune.GetUnicodeCategory(rune);
            switch (category)
            {
                case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator
                    or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned:
                    return $"must not contain invisible, control, space or text-direction characters (found U+{rune.Value:X4}).";
                case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                    or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark:
                    continue;
                default:
                    // Other ASCII punctuation ('<', ',', …) is refused below as "not a valid e-mail address".
                    if (rune.IsAscii) continue;
                    return $"must contain only letters, digits and the usual e-mail punctuation, not symbols such as emoji (found U+{rune.Value:X4}).";
            }
        }
        return null;
    }

    /// <summary>
    /// Invisible characters that Unicode files as letters or marks: the combining grapheme joiner, Hangul
    /// and Khmer fillers, and variation selectors (format characters such as U+200B are caught by category).
    /// </summary>
    private static bool Invisible(int c) => c is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFFA0
        or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    /// <summary>The part before the @, for the "password equals your name" check.</summary>
    public static string LocalPart(string normalized) => normalized[..normalized.LastIndexOf('@')];
}
