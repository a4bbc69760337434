using System.Text.Json.Serialization;
using NrsGirls.Shared.Content;

namespace NrsGirls.Functions.Content;

/// <summary>POST tracks: metadata only. Anything else (duration, fileSize, counters…) is refused by name: the scan decides those.</summary>
public sealed record CreateTrackRequest(string? Title, string? Artist, string? Album, string? Genre, int? Bpm)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }

    public TrackInput ToInput() => new(Title, Artist, Album, Genre, Bpm);

    public Dictionary<string, string[]> UnknownFields() => TrackRequestFields.Refuse(Other);
}

/// <summary>
/// PATCH tracks/{id}. Each field is read raw so that "absent" (unchanged) and null (cleared) differ;
/// title cannot be cleared.
/// </summary>
public sealed record PatchTrackRequest
{
    public JsonElement Title { get; init; }
    public JsonElement Artist { get; init; }
    public JsonElement Album { get; init; }
    public JsonElement Genre { get; init; }
    public JsonElement Bpm { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }

    /// <summary>The patch, or the field errors of values of the wrong type and of fields that are not metadata.</summary>
    public (TrackPatch Patch, Dictionary<string, string[]> Errors) ToPatch()
    {
        var errors = TrackRequestFields.Refuse(Other);
        var patch = new TrackPatch(Text(Title, "title", errors), Text(Artist, "artist", errors), Text(Album, "album", errors),
            Text(Genre, "genre", errors), Number(Bpm, "bpm", errors));
        return (patch, errors);
    }

    private static Optional<string> Text(JsonElement e, string field, Dictionary<string, string[]> errors) => e.ValueKind switch
    {
        JsonValueKind.Undefined => default,
        JsonValueKind.Null => Optional<string>.Of(null),
        JsonValueKind.String => Optional<string>.Of(e.GetString()),
        _ => Error<string>(field, "must be a string or null.", errors),
    };

    private static Optional<int?> Number(JsonElement e, string field, Dictionary<string, string[]> errors) => e.ValueKind switch
    {
        JsonValueKind.Undefined => default,
        JsonValueKind.Null => Optional<int?>.Of(null),
        JsonValueKind.Number when e.TryGetInt32(out var n) => Optional<int?>.Of(n),
        _ => Error<int?>(field, "must be a whole number or null.", errors),
    };

    private static Optional<T> Error<T>(string field, string message, Dictionary<string, string[]> errors)
    {
        errors[field] = [message];
        return default;
    }
}

internal static class TrackRequestFields
{
    private static readonly HashSet<string> FromScan = new(StringComparer.OrdinalIgnoreCase)
    {
        "duration", "fileSize", "fileFormat", "fileUrl", "waveform", "waveformData", "scanned", "scan", "scanResults",
    };

    private static readonly HashSet<string> Managed = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "djId", "playCount", "likeCount", "uploadDate", "updatedAt", "copyrightStatus",
    };

    public static Dictionary<string, string[]> Refuse(Dictionary<string, JsonElement>? other) =>
        (other ?? []).Keys.ToDictionary(k => k, k => new[]
        {
            FromScan.Contains(k) ? "is read from the uploaded file by the scan, never taken from the client."
            : Managed.Contains(k) ? "cannot be set by a client."
            : "is not a field of a track.",
        });
}
