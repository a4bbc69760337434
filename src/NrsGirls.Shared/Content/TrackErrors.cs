namespace NrsGirls.Shared.Content;

/// <summary>The tracks feature's error codes (unique across the app).</summary>
public static class TrackErrors
{
    public static readonly ServiceError NotFound = new(ErrorKind.NotFound, "track_not_found", "The track was not found.");
    public static readonly ServiceError DjProfileRequired =
        new(ErrorKind.Forbidden, "dj_profile_required", "Only a DJ with a DJ profile can upload tracks; create the profile first.");
    public static readonly ServiceError NotOwner = new(ErrorKind.Forbidden, "track_not_owner", "This track belongs to another DJ.");
    public static readonly ServiceError FileMissing =
        new(ErrorKind.Conflict, "track_file_missing", "No file has been uploaded for this track yet: PUT it to the upload URL first.");
    public static readonly ServiceError NothingToChange =
        new(ErrorKind.BadRequest, "track_patch_empty", "Name at least one of title, artist, album, genre or bpm.");
    public static readonly ServiceError SearchQueryMissing =
        new(ErrorKind.BadRequest, "track_search_query_missing", "Give q: the words to search for.");
    public static readonly ServiceError SearchQueryTooLong =
        new(ErrorKind.BadRequest, "track_search_query_too_long", $"q may have at most {TrackRules.MaxQueryLength} characters.");
}
