using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NrsGirls.Shared.Content;

/// <summary>Limits and validation of track metadata, list paging and search input.</summary>
public static partial class TrackRules
{
    public const int MaxTitleLength = 255;
    public const int MaxArtistLength = 255;
    public const int MaxAlbumLength = 255;
    public const int MinBpm = 20;
    public const int MaxBpm = 999;
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxQueryLength = 100;

    public static int Limit(int? limit) => limit is null or < 1 ? DefaultLimit : Math.Min(limit.Value, MaxLimit);

    /// <summary>Field errors of the metadata; empty when valid. Title must be non-blank when <paramref name="titleSet"/>.</summary>
    public static Dictionary<string, string[]> Check(string? title, bool titleSet, string? artist, string? album, string? genre, int? bpm)
    {
        var errors = new Dictionary<string, string[]>();
        if (titleSet && string.IsNullOrWhiteSpace(title)) errors["title"] = ["is required."];
        else if (title is not null && title.Trim().Length > MaxTitleLength) errors["title"] = [$"must be at most {MaxTitleLength} characters."];
        if (artist is not null && artist.Trim().Length > MaxArtistLength) errors["artist"] = [$"must be at most {MaxArtistLength} characters."];
        if (album is not null && album.Trim().Length > MaxAlbumLength) errors["album"] = [$"must be at most {MaxAlbumLength} characters."];
        if (genre is not null && !Catalog.Genres.Contains(genre))
            errors["genre"] = [$"must be one of the catalog's genres: {string.Join(", ", Catalog.Genres)}."];
        if (bpm is { } b && (b < MinBpm || b > MaxBpm)) errors["bpm"] = [$"must be from {MinBpm} to {MaxBpm}."];
        return errors;
    }

    /// <summary>Blank text becomes null; the rest is trimmed.</summary>
    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>
    /// Splits a search text into the part websearch_to_tsquery reads as typed and the last word, matched
    /// as a prefix (the user may still be typing it) unless the text ends with a space or punctuation.
    /// </summary>
    public static (string Words, string Prefix) SearchTerms(string q)
    {
        var last = LastWord().Match(q);
        if (!last.Success || (last.Index > 0 && q[last.Index - 1] is '-' or '"')) return (q, "");
        return (q[..last.Index], last.Value.ToLowerInvariant() + ":*");
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+$")]
    private static partial Regex LastWord();

    // Cursors: base64url of "key|id"; opaque to clients.
    public static string Cursor(DateTime uploadDate, Guid id) => Encode($"d|{uploadDate.Ticks.ToString(CultureInfo.InvariantCulture)}|{id:N}");

    public static string Cursor(float rank, Guid id) => Encode($"r|{BitConverter.SingleToInt32Bits(rank).ToString(CultureInfo.InvariantCulture)}|{id:N}");

    public static bool TryReadDateCursor(string? cursor, out DateTime uploadDate, out Guid id)
    {
        uploadDate = default; id = default;
        if (Decode(cursor, 'd') is not { } parts || !long.TryParse(parts.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        uploadDate = new DateTime(ticks, DateTimeKind.Utc);
        id = parts.Id;
        return true;
    }

    public static bool TryReadRankCursor(string? cursor, out float rank, out Guid id)
    {
        rank = default; id = default;
        if (Decode(cursor, 'r') is not { } parts || !int.TryParse(parts.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bits)) return false;
        rank = BitConverter.Int32BitsToSingle(bits);
        id = parts.Id;
        return float.IsFinite(rank);
    }

    private static string Encode(string s) => Convert.ToBase64String(Encoding.ASCII.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string Key, Guid Id)? Decode(string? cursor, char kind)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 100) return null;
        var b64 = cursor.Replace('-', '+').Replace('_', '/');
        b64 += new string('=', (4 - b64.Length % 4) % 4);
        string text;
        try { text = Encoding.ASCII.GetString(Convert.FromBase64String(b64)); }
        catch (FormatException) { return null; }
        var parts = text.Split('|');
        return parts.Length == 3 && parts[0].Length == 1 && parts[0][0] == kind && Guid.TryParseExact(parts[2], "N", out var id)
            ? (parts[1], id) : null;
    }
}
