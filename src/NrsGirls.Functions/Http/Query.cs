using System.Globalization;

namespace NrsGirls.Functions.Http;

/// <summary>
/// Reads query-string parameters, collecting every malformed one so the function answers one 400
/// naming each bad parameter. Functions take them as an input of <see cref="Endpoints"/>:
/// <code>auth.SignedIn(request, Query.Read(q => (Limit: q.String("limit"), Cursor: q.String("cursor"))), (who, q, client) => ...)</code>
/// A parameter given twice, or longer than <see cref="MaxLength"/>, is malformed.
/// </summary>
public sealed class Query
{
    public const int MaxLength = 512;

    private readonly IQueryCollection _query;
    private readonly Dictionary<string, string[]> _errors = new();

    private Query(IQueryCollection query) => _query = query;

    private static Query Of(HttpRequest request) => new(request.Query);

    /// <summary>
    /// Query parameters as the input of an <see cref="Endpoints"/> function: <paramref name="read"/> picks them
    /// (in the order their errors are listed), and any malformed one answers 400 before the service is called.
    /// </summary>
    public static RequestInput<T> Read<T>(Func<Query, T> read) => new(request =>
    {
        var query = Of(request);
        var value = read(query);
        return Task.FromResult((value, query.Problem));
    });

    /// <summary>Null when every parameter read so far was well-formed; otherwise a 400 naming them.</summary>
    public IResult? Problem => _errors.Count == 0 ? null : Problems.Validation(_errors, "Some query parameters are malformed.");

    public string? String(string name)
    {
        if (!_query.TryGetValue(name, out var values) || values.Count == 0) return null;
        if (values.Count > 1) { _errors[name] = ["must be given once."]; return null; }
        var value = values[0];
        if (value is null) return null;
        if (value.Length > MaxLength) { _errors[name] = [$"must be at most {MaxLength} characters."]; return null; }
        return value;
    }

    public bool? Bool(string name)
    {
        var raw = String(name);
        if (raw is null) return null;
        if (raw.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (raw.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        _errors[name] = ["must be true or false."];
        return null;
    }

    public DateTimeOffset? Time(string name)
    {
        var raw = String(name);
        if (raw is null) return null;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return t;
        _errors[name] = ["must be an ISO 8601 date or time, such as 2026-11-01 or 2026-11-01T12:00:00Z."];
        return null;
    }
}
