namespace NrsGirls.Shared.Content;

/// <summary>Metadata a DJ gives when creating a track. Everything about the file comes from the scan.</summary>
public sealed record TrackInput(string? Title, string? Artist, string? Album, string? Genre, int? Bpm);

/// <summary>
/// PATCH tracks/{id}: a field that is <c>Set</c> changes (artist, album, genre and bpm may be set to
/// null to clear them; title may not); one that is not set keeps its value.
/// </summary>
public sealed record TrackPatch(
    Optional<string> Title, Optional<string> Artist, Optional<string> Album, Optional<string> Genre, Optional<int?> Bpm)
{
    public bool IsEmpty => !Title.Set && !Artist.Set && !Album.Set && !Genre.Set && !Bpm.Set;
}

/// <summary>A PATCH field: whether the request named it, and its value (possibly null).</summary>
public readonly record struct Optional<T>(bool Set, T? Value)
{
    public static Optional<T> Of(T? value) => new(true, value);
}

/// <summary>What the last scan concluded (tracks.scan_results). Status: queued, accepted or rejected.</summary>
public sealed record TrackScanResults(
    string Status, string? Reason = null, string? Detail = null, DateTimeOffset? At = null,
    string? Format = null, int? SampleRate = null, int? Channels = null, int? BitsPerSample = null,
    double? DurationSeconds = null, long? FileSize = null, string? ETag = null)
{
    public const string Queued = "queued";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static TrackScanResults? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<TrackScanResults>(json, Json);
}

/// <summary>
/// A track as the API shows it. Duration (seconds), file size and format are null until a scan accepts
/// the file; <see cref="Waveform"/> is then <c>TrackScanner.WaveformPoints</c> peaks in 0..1.
/// </summary>
public sealed record TrackView(
    Guid Id, Guid DjId, string Title, string? Artist, string? Album, string? Genre, int? Bpm,
    int? Duration, long? FileSize, string? FileFormat, string FileUrl, IReadOnlyList<double>? Waveform,
    bool Scanned, TrackScanResults? Scan, int PlayCount, int LikeCount, DateTimeOffset UploadDate, DateTimeOffset UpdatedAt);

/// <summary>POST tracks: the new track and where to PUT its audio (a write-only URL that expires).</summary>
public sealed record TrackUpload(TrackView Track, string UploadUrl, DateTimeOffset UploadUrlExpiresAt, long MaxBytes,
    IReadOnlyDictionary<string, string> UploadHeaders);

/// <summary>The caller's like and the track's count after the change.</summary>
public sealed record TrackLikeState(Guid TrackId, bool Liked, int LikeCount);

/// <summary>A play as counted.</summary>
public sealed record TrackPlayCount(Guid TrackId, int PlayCount);

/// <summary>The queue message of a scan (and of a deleted track's cleanup).</summary>
public sealed record TrackScanMessage(Guid TrackId);
