using Microsoft.Extensions.DependencyInjection.Extensions;
using Azure.Storage.Queues;
using Moq;
using NrsGirls.Functions;
using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Operations;
using NrsGirls.Shared.Storage;
using StackExchange.Redis;

namespace NrsGirls.Tests.Infrastructure;

/// <summary>
/// Per-test-class fixture: its own database cloned from the migrated template, its own Redis database
/// and queue names, and a service provider built by the same DI entry point as production
/// (AddNrsGirlsFunctions) with two outer seams replaced: the clock (moved by hand) and e-mail delivery
/// (a Moq double that captures verification tokens). PostgreSQL, Redis and Azurite are real.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public ManualClock Clock { get; } = new();
    public Mock<IEmailSender> Emails { get; } = new();
    public ConcurrentDictionary<string, string> VerificationTokens { get; } = new();
    public ConcurrentQueue<string> RegistrationAttemptNotices { get; } = new();

    public TestEnvironment Env { get; private set; } = null!;
    public string Database { get; private set; } = null!;
    public IConfiguration Configuration { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>Settings to change for this fixture (for example a shorter window).</summary>
    protected virtual IDictionary<string, string?>? Overrides => null;

    /// <summary>Replace registrations (the clock, a payment provider) before the provider is built.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public async Task InitializeAsync()
    {
        Env = await TestServices.GetAsync();
        Database = await Env.CreateDatabaseAsync();
        Configuration = Env.Configuration(Database, Overrides);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddNrsGirlsFunctions(Configuration);
        Emails.Setup(e => e.SendVerificationAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, CancellationToken>((email, token, _) => VerificationTokens[email] = token)
            .Returns(Task.CompletedTask);
        Emails.Setup(e => e.SendRegistrationAttemptAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, CancellationToken>((email, _) => RegistrationAttemptNotices.Enqueue(email))
            .Returns(Task.CompletedTask);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        services.Replace(ServiceDescriptor.Singleton(Emails.Object));
        ConfigureServices(services);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public string OwnerConnectionString => Env.OwnerConnectionString(Database);

    /// <summary>A function class with its dependencies from this fixture's services.</summary>
    public T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>This fixture's Redis database.</summary>
    public IDatabase Redis => Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    /// <summary>One value from the database as its owner sees it (no app-role limits).</summary>
    public async Task<T> Scalar<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(OwnerConnectionString);
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    /// <summary>
    /// This fixture's queues (and their poison queues) go with it: the run's one Azurite slows down as
    /// queues and messages pile up (the queue-delivery test took 46 s on a fresh one, 550 s after the rest).
    /// </summary>
    private async Task DeleteQueuesAsync()
    {
        if (Services is null) return; // InitializeAsync failed before the services were built
        var queues = Services.GetRequiredService<QueueServiceClient>();
        foreach (var name in Services.GetRequiredService<StatsService>().QueueList())
        foreach (var queue in new[] { name, StorageNames.Poison(name) })
            await queues.GetQueueClient(queue).DeleteIfExistsAsync();
    }

    /// <summary>Keys of this fixture's Redis database matching a pattern.</summary>
    public async Task<IReadOnlyList<string>> RedisKeys(string pattern)
    {
        var mux = Services.GetRequiredService<IConnectionMultiplexer>();
        var keys = new List<string>();
        await foreach (var k in mux.GetServers()[0].KeysAsync(Redis.Database, pattern: pattern)) keys.Add(k.ToString());
        return keys;
    }

    public async Task DisposeAsync()
    {
        await DeleteQueuesAsync();
        await Services.DisposeAsync();
        await Env.DropDatabaseAsync(Database);
    }
}
