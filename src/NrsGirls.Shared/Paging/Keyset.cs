using System.Buffers.Text;
using MongoDB.Bson;

namespace NrsGirls.Shared.Paging;

/// <summary>One page of a keyset-paginated list; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>The one error of every keyset list for a cursor it did not hand out.</summary>
public static class PagingErrors
{
    public static readonly ServiceError InvalidCursor =
        new(ErrorKind.BadRequest, "invalid_cursor", "The cursor is not one this list handed out; start again without it.");
}

/// <summary>
/// <c>?limit=&amp;cursor=</c> as every list reads them: limit defaults to 20 and a bigger one is capped at
/// 100 (not an error); the cursor is opaque to clients: base64url of a JSON array of the last row's sort
/// key parts (each a string, written and read back exactly: ticks, round-trip floats, ids).
/// </summary>
public sealed record PageRequest(int Limit, IReadOnlyList<string>? After)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    private const int MaxCursorLength = 512;

    /// <summary>Parses the two query values; a non-numeric or non-positive limit is a validation error, a malformed cursor 400 invalid_cursor.</summary>
    public static Outcome<PageRequest> Parse(string? limit, string? cursor, int parts)
    {
        var n = ParseLimit(limit);
        return n.IsOk ? WithCursor(n.Value, cursor, parts) : n.Error;
    }

    /// <summary>The limit query value: absent is <see cref="DefaultLimit"/>, more than <see cref="MaxLimit"/> is capped, anything else a validation error on "limit".</summary>
    public static Outcome<int> ParseLimit(string? limit)
    {
        var n = DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < 1))
        {
            // Digits only, so "1000000000000" overflows int: still a number, so capped.
            if (limit.All(char.IsAsciiDigit) && limit.TrimStart('0').Length > 0) n = MaxLimit;
            else return ServiceError.Invalid("limit", $"must be a whole number from 1 (more than {MaxLimit} is read as {MaxLimit}).");
        }
        return Math.Min(n, MaxLimit);
    }

    /// <summary>For a limit already read (lists whose limit arrives as a number): only the cursor is parsed; a malformed one is 400 invalid_cursor.</summary>
    public static Outcome<PageRequest> WithCursor(int limit, string? cursor, int parts)
    {
        if (string.IsNullOrEmpty(cursor)) return new PageRequest(limit, null);
        var after = Decode(cursor);
        return after is not null && after.Length == parts ? new PageRequest(limit, after) : PagingErrors.InvalidCursor;
    }

    /// <summary>The cursor that continues after a row with these key parts.</summary>
    public static string Encode(params string[] parts) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(parts));

    private static string[]? Decode(string cursor)
    {
        if (cursor.Length > MaxCursorLength) return null;
        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(cursor));
            return parts is not null && parts.All(p => p is not null) ? parts : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Builds the page from up to Limit + 1 rows (the extra row only says another page exists).</summary>
    public Page<T> ToPage<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, T> map, Func<TRow, string[]> key) =>
        new(rows.Take(Limit).Select(map).ToList(), NextCursor(rows, key));

    /// <summary>Of up to Limit + 1 rows: the cursor after the last row shown, or null when the extra row is missing (last page).</summary>
    public string? NextCursor<TRow>(IReadOnlyList<TRow> rows, Func<TRow, string[]> key) =>
        rows.Count > Limit ? Encode(key(rows[Limit - 1])) : null;

    /// <summary>Cursor part for a timestamptz: UTC ticks (PostgreSQL keeps microseconds, ticks are finer: exact).</summary>
    public static string Ticks(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a part written by <see cref="Ticks"/>, or null when it is not one.</summary>
    public static DateTime? ParseTicks(string s) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTime.MaxValue.Ticks
            ? new DateTime(t, DateTimeKind.Utc) : null;

    /// <summary>
    /// The cursor's two parts read back as (sort key, tie-breaking id): null on the first page; false when
    /// a part is not what this list writes (answer <see cref="PagingErrors.InvalidCursor"/>).
    /// </summary>
    public bool TryAfter<TKey, TId>(Func<string, TKey?> key, Func<string, TId?> id, out (TKey Key, TId Id)? after)
        where TKey : struct where TId : struct
    {
        after = null;
        if (After is null) return true;
        if (After.Count != 2 || key(After[0]) is not { } k || id(After[1]) is not { } i) return false;
        after = (k, i);
        return true;
    }

    /// <summary>The cursor's (timestamptz, id) key, for lists ordered by (created_at, id); false when the cursor holds something else.</summary>
    public bool TryAfterTime(out DateTime? at, out Guid? id)
    {
        var ok = TryAfter(ParseTicks, ParseGuid, out var after);
        (at, id) = (after?.Key, after?.Id);
        return ok;
    }

    public static Guid? ParseGuid(string s) => Guid.TryParseExact(s, "D", out var g) ? g : null;

    public static ObjectId? ParseObjectId(string s) => ObjectId.TryParse(s, out var o) ? o : null;

    /// <summary>Cursor part for a full-text rank: "R" writes a float4 so that it parses back to the very same value (equal ranks compare equal).</summary>
    public static string Rank(float rank) => rank.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Reads a part written by <see cref="Rank"/>, or null when it is not a finite number.</summary>
    public static float? ParseRank(string s) =>
        float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && float.IsFinite(r) ? r : null;
}
