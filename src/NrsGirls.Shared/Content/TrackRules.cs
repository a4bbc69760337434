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
    public const int MaxQueryLength = 100;

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
}
