namespace NrsGirls.Shared.Storage;

/// <summary>Queue and blob container names shared by producers, triggers and infrastructure.</summary>
public static class StorageNames
{
    public const string TipsQueue = "tips";
    public const string NotificationsQueue = "notifications";
    public const string TrackScansQueue = "track-scans";
    public const string BackupsContainer = "backups";
    public const string ArchiveContainer = "archive";
    /// <summary>Track audio, one blob per track named by the track id (issue 9).</summary>
    public const string TracksContainer = "tracks";

    /// <summary>The queue the Functions host moves a message to once maxDequeueCount is reached.</summary>
    public static string Poison(string queue) => queue + "-poison";
}
