namespace NrsGirls.Shared.Streams;

/// <summary>The streams and live viewers feature's error codes (unique across the app).</summary>
public static class StreamErrors
{
    /// <summary>404 for a missing stream and for one whose creator does not let the caller see it (never revealing a block).</summary>
    public static readonly ServiceError NotFound = new(ErrorKind.NotFound, "stream_not_found", "The stream was not found.");
    public static readonly ServiceError ProfileRequired = new(ErrorKind.Forbidden, "creator_profile_required",
        "Only a DJ or performer with a creator profile can stream; create the profile first.");
    public static readonly ServiceError NotOwner = new(ErrorKind.Forbidden, "stream_not_owner", "Only the stream's creator may do this.");
    public static readonly ServiceError AlreadyLive = new(ErrorKind.Conflict, "stream_already_live",
        "The creator already has a live stream; end it before starting another.");

    /// <summary>409 naming the stream's current status: the transition asked for is not legal from it.</summary>
    public static ServiceError IllegalTransition(string action, string current) =>
        new(ErrorKind.Conflict, "stream_transition_invalid", $"A {current} stream cannot {action}.");

    /// <summary>409: heartbeats and chat need a live stream.</summary>
    public static ServiceError NotLive(string current) =>
        new(ErrorKind.Conflict, "stream_not_live", $"The stream is {current}, not live.");
}
