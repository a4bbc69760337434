using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NrsGirls.Functions.Http;

/// <summary>
/// Reads a JSON request body with a size cap, turning every way it can be wrong (no body, wrong
/// content type, too large, malformed, wrong types) into a problem+json result instead of an exception.
/// </summary>
public static class JsonBody
{
    /// <summary>Default cap for JSON bodies; endpoints with larger payloads pass their own.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public static async Task<Body<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct,
        int maxBytes = DefaultMaxBytes) where T : class
    {
        if (request.ContentLength > maxBytes) return new Body<T>(null, Problems.PayloadTooLarge(maxBytes));
        var contentType = request.ContentType;
        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return new Body<T>(null, Problems.UnsupportedMediaType());

        // Read at most maxBytes + 1, so a body without Content-Length cannot exhaust memory.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) return new Body<T>(null, Problems.PayloadTooLarge(maxBytes));
        }
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
            // Records bind through their constructor, where a type mismatch carries an InvalidOperationException.
            return ex.Path is { Length: > 1 } path && ex.InnerException is null or InvalidOperationException && ex.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? new Body<T>(null, Problems.Validation(path.TrimStart('$', '.'), "has the wrong type."))
                : new Body<T>(null, Problems.BadRequest("malformed_json", $"The body is not valid JSON{where} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine})."));
        }
    }
}
