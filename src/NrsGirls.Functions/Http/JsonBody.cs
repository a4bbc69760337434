using Microsoft.Net.Http.Headers;

namespace NrsGirls.Functions.Http;

/// <summary>
/// Reads a JSON request body with a size cap, turning every way it can be wrong (no body, wrong
/// content type, too large, malformed, wrong types) into a problem+json result instead of an exception.
/// </summary>
public static class JsonBody
{
    /// <summary>Default cap for JSON bodies; endpoints with larger payloads pass their own.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>The cap of the small JSON bodies most routes take (credentials, codes, a chat message, a tip).</summary>
    public const int SmallMaxBytes = 4 * 1024;

    /// <summary>The API's JSON options (<see cref="NrsGirlsJson.ApiOptions"/>).</summary>
    public static JsonSerializerOptions Options => NrsGirlsJson.ApiOptions;

    /// <summary>
    /// application/json or application/*+json (a concrete suffix type, no wildcards), with no charset or
    /// charset utf-8, compared case-insensitively with parameters parsed properly. Everything else
    /// (application/jsonx, text/json, charset=utf-16, which would otherwise be decoded as UTF-8) is 415.
    /// </summary>
    public static bool IsJsonContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        if (media.MatchesAllTypes || media.MatchesAllSubTypes || media.MatchesAllSubTypesWithoutSuffix) return false;
        if (!media.Type.Equals("application", StringComparison.OrdinalIgnoreCase)) return false;
        var json = media.SubType.Equals("json", StringComparison.OrdinalIgnoreCase)
                   || (media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase) && media.SubTypeWithoutSuffix.Length > 0);
        if (!json) return false;
        var charsets = media.Parameters.Where(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)).ToList();
        return charsets.Count == 0
               || (charsets.Count == 1 && HeaderUtilities.RemoveQuotes(charsets[0].Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The body as the input of an <see cref="Endpoints"/> function, read after authentication.</summary>
    public static RequestInput<T> Of<T>(int maxBytes, CancellationToken ct) where T : class =>
        new(async request =>
        {
            var body = await ReadAsync<T>(request, ct, maxBytes);
            return (body.Value!, body.Problem);
        });

    /// <summary>
    /// The body's bytes as sent, or null when there are more than <paramref name="maxBytes"/> (a declared
    /// Content-Length over the cap is refused before reading). Reads at most maxBytes + 1, so a body without
    /// Content-Length cannot exhaust memory. Also for bodies that must be kept byte for byte (signed webhooks).
    /// </summary>
    public static async Task<MemoryStream?> ReadCappedAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return null;
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                await buffer.DisposeAsync();
                return null;
            }
        }
        return buffer;
    }

    public static async Task<Body<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct,
        int maxBytes = DefaultMaxBytes) where T : class
    {
        if (request.ContentLength > maxBytes) return new Body<T>(null, Problems.PayloadTooLarge(maxBytes));
        if (!IsJsonContentType(request.ContentType)) return new Body<T>(null, Problems.UnsupportedMediaType());

        using var buffer = await ReadCappedAsync(request, maxBytes, ct);
        if (buffer is null) return new Body<T>(null, Problems.PayloadTooLarge(maxBytes));
        if (buffer.Length == 0) return new Body<T>(null, Problems.BadRequest("body_required", "The request needs a JSON body."));

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null
                ? new Body<T>(null, Problems.BadRequest("body_required", "The JSON body must be an object, not null."))
                : value;
        }
        catch (JsonException ex)
        {
            // Name the field (path) and position, never the exception type or stack.
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path}";
            // Records bind through their constructor, where a type mismatch carries an InvalidOperationException
            // (a string where a number belongs) or a FormatException (numbers may be quoted, but "ten" is no number).
            return ex.Path is { Length: > 1 } path && ex.InnerException is null or InvalidOperationException or FormatException
                   && ex.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? new Body<T>(null, Problems.Validation(path.TrimStart('$', '.'), "has the wrong type."))
                : new Body<T>(null, Problems.BadRequest("malformed_json", $"The body is not valid JSON{where} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine})."));
        }
    }
}
