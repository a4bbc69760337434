using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace NrsGirls.Shared.Streams;

/// <summary>Paging input shared by the stream lists: limit default 20, capped at 100; opaque base64url cursors.</summary>
public static class StreamPaging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>The limit to use; a bigger one is capped, a non-number or one below 1 is a named 400.</summary>
    public static Outcome<int> Limit(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return DefaultLimit;
        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? Math.Min(n, MaxLimit)
            : ServiceError.Invalid("limit", $"must be a whole number from 1 (at most {MaxLimit} are returned).");
    }

    public static string Encode(DateTime startTime, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{startTime.Ticks.ToString(CultureInfo.InvariantCulture)}:{id:N}"));

    /// <summary>Null input: first page. A cursor this code did not make: <see cref="StreamErrors.MalformedCursor"/>.</summary>
    public static Outcome<Optional> Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return new Optional(null);
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var parts = text.Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is > 0 and < 3155378975999999999 && Guid.TryParseExact(parts[1], "N", out var id))
                return new Optional((new DateTime(ticks, DateTimeKind.Utc), id));
        }
        catch (FormatException) { }
        return StreamErrors.MalformedCursor;
    }

    /// <summary>A decoded cursor position, or none (first page).</summary>
    public sealed record Optional((DateTime StartTime, Guid Id)? Position);
}
