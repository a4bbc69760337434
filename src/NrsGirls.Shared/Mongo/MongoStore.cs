using MongoDB.Driver;

namespace NrsGirls.Shared.Mongo;

/// <summary>
/// The one MongoDB client of the process (the driver asks for a single reused client), or nothing
/// when MONGODB_URI is empty: Mongo-backed features then log and skip.
/// </summary>
public sealed class MongoStore
{
    public const string ChatMessages = "chat_messages";
    public const string ActivityLogs = "activity_logs";
    public const string AnalyticsEvents = "analytics_events";

    public MongoStore(MongoOptions options)
    {
        if (!options.IsConfigured) return;
        var url = MongoUrl.Create(options.Uri);
        var settings = MongoClientSettings.FromUrl(url);
        settings.ServerSelectionTimeout = TimeSpan.FromSeconds(5);
        Client = new MongoClient(settings);
        Database = Client.GetDatabase(string.IsNullOrEmpty(url.DatabaseName) ? "nrsgirls" : url.DatabaseName);
    }

    public IMongoClient? Client { get; }
    public IMongoDatabase? Database { get; }
    public bool IsConfigured => Database is not null;
}
