using System.Text.RegularExpressions;
using NrsGirls.Shared.Content;

namespace NrsGirls.Shared.Creators;

/// <summary>
/// GET creators/search: full text over stage name (weight A) and bio (weight B), websearch syntax
/// ("quoted phrases", or, -not), the last word matched as a prefix while the user types, an optional
/// type and genre filter, creators that block the caller left out, keyset pages by (rank, id).
/// </summary>
public sealed partial class CreatorSearch(CreatorsStore store)
{
    public async Task<Outcome<Page<CreatorHit>>> SearchAsync(string? q, string? type, string? genre, string? limit, string? cursor,
        Caller? caller, ClientInfo client, CancellationToken ct)
    {
        var query = Parse(q, type, genre);
        if (!query.IsOk) return query.Error;
        var page = PageRequest.Parse(limit, cursor, 2);
        if (!page.IsOk) return page.Error;
        if (!page.Value.TryAfter(PageRequest.ParseRank, PageRequest.ParseGuid, out var after)) return PagingErrors.InvalidCursor;
        var rows = await store.SearchAsync(query.Value, caller?.UserId, client.Country, after?.Key, after?.Id, page.Value.Limit, ct);
        return page.Value.ToPage(rows, r => r.ToHit(), r => [PageRequest.Rank(r.Rank), r.Id.ToString("D")]);
    }

    /// <summary>
    /// Validates the parameters and splits q: when it ends in a plain word (letters and digits, not negated,
    /// not inside an open quote) that word becomes a prefix term (<c>word:*</c>) and the rest goes to
    /// websearch_to_tsquery; the prefix term is built from letters and digits only, so no tsquery syntax
    /// can reach to_tsquery.
    /// </summary>
    public static Outcome<CreatorsStore.SearchQuery> Parse(string? q, string? type, string? genre)
    {
        var errors = new Dictionary<string, string[]>();
        var text = q?.Trim() ?? "";
        if (text.Length == 0) errors["q"] = ["is required."];
        else if (text.Length > CreatorLimits.MaxSearchQuery) errors["q"] = [$"must be at most {CreatorLimits.MaxSearchQuery} characters."];
        else if (!text.Any(char.IsLetterOrDigit)) errors["q"] = ["must contain a letter or digit."];
        if (!string.IsNullOrEmpty(type) && !CreatorTypes.All.Contains(type)) errors["type"] = ["must be dj or performer."];
        if (!string.IsNullOrEmpty(genre))
        {
            if (!Catalog.Genres.Contains(genre)) errors["genre"] = [$"must be one of {string.Join(", ", Catalog.Genres)}."];
            else if (type == CreatorTypes.Performer) errors["genre"] = ["only DJ profiles have genres; leave type out or use type=dj."];
        }
        if (errors.Count > 0) return ServiceError.Invalid(errors);

        string? head = text, prefix = null;
        var last = LastWord().Match(text);
        if (last.Success && text.Count(c => c == '"') % 2 == 0)
        {
            head = text[..last.Index].Trim();
            prefix = last.Groups["w"].Value.ToLowerInvariant() + ":*";
            if (head.Length == 0 || !head.Any(char.IsLetterOrDigit)) head = null;
        }
        return new CreatorsStore.SearchQuery(head, prefix, string.IsNullOrEmpty(type) ? null : type, string.IsNullOrEmpty(genre) ? null : genre);
    }

    [GeneratedRegex(@"(?:^|\s)(?<w>[\p{L}\p{N}]+)$")]
    private static partial Regex LastWord();
}
