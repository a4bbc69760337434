using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Moderation;
using NrsGirls.Shared.Content;
using NrsGirls.Shared.Mongo;
using NrsGirls.Shared.Notifications;
using NrsGirls.Shared.Operations;
using NrsGirls.Shared.Payments;
using NrsGirls.Shared.Storage;
using NrsGirls.Shared.Streams;
using NrsGirls.Shared.Chat;
using StackExchange.Redis;

namespace NrsGirls.Shared;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The one DI entry point of the backend, used by the Functions app, the CLI and the tests alike.
    /// Binds and validates every setting now: a missing or malformed one throws
    /// <see cref="ConfigurationException"/> naming it, so nothing starts half-configured.
    /// </summary>
    public static IServiceCollection AddNrsGirlsShared(this IServiceCollection services, IConfiguration configuration)
    {
        var options = SettingsBinder.Bind(configuration);
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        services.AddSingleton(options);
        services.AddSingleton(options.Postgres);
        services.AddSingleton(options.Redis);
        services.AddSingleton(options.Mongo);
        services.AddSingleton(options.Storage);
        services.AddSingleton(options.Security);
        services.AddSingleton(options.Payments);
        services.AddSingleton(options.Edge);
        services.AddSingleton(options.Storage.Queues);
        services.AddSingleton(options.RateLimits);
        services.AddSingleton(options.Tracks);
        services.TryAddSingleton(TimeProvider.System);

        // One pool for the whole process.
        services.AddSingleton(_ => PostgresConnections.CreateDataSource(PostgresConnections.ConnectionString(options.Postgres)));
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConfiguration(options.Redis)));
        services.AddSingleton(_ => new MongoStore(options.Mongo));
        services.AddSingleton(_ => StorageClients.Queues(options.Storage));
        services.AddSingleton(_ => StorageClients.Blobs(options.Storage));

        services.AddSingleton<HealthService>();
        services.AddSingleton<PartitionMaintenance>();
        services.AddSingleton<NrsGirls.Shared.Creators.CreatorAccess>();
        services.AddSingleton<NrsGirls.Shared.Analytics.AnalyticsWriter>();
        services.AddDevelopmentMail(options.DevMail);
        services.AddSingleton<NrsGirls.Shared.Analytics.CreatorAnalytics>();
        services.AddSingleton<NrsGirls.Shared.Activity.ActivityReader>();
        services.AddSingleton<NrsGirls.Shared.Redis.RateLimitPolicies>();
        services.AddSingleton<NrsGirls.Shared.Redis.RateLimiter>();
        services.AddAccounts();
        services.AddNotifications();
        services.AddCreators();
        services.AddModeration();
        services.AddStreams();
        services.AddChat();
        services.AddTracks();
        services.AddOperations(options);
        services.AddPayments();
        return services;
    }

    public static ConfigurationOptions RedisConfiguration(RedisOptions o)
    {
        var c = new ConfigurationOptions
        {
            EndPoints = { { o.Host, o.Port } },
            Password = o.Password,
            Ssl = o.Ssl,
            DefaultDatabase = o.Database,
            // Start even while Redis is down; calls fail fast and health reports it.
            AbortOnConnectFail = false,
            ConnectTimeout = o.TimeoutMs,
            SyncTimeout = o.TimeoutMs,
            AsyncTimeout = o.TimeoutMs,
        };
        return c;
    }
}
