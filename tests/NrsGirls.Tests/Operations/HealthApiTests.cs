using Microsoft.AspNetCore.Http;
using NrsGirls.Functions.Operations;

namespace NrsGirls.Tests.Operations;

public class HealthApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Health_reports_every_store_up_and_mongo_not_configured()
    {
        var api = ActivatorUtilities.CreateInstance<HealthApi>(app.Services);
        var (status, body) = await HttpResults.ExecuteAsync(await api.Health(new DefaultHttpContext().Request, CancellationToken.None), app.Services);

        Assert.True(status == 200, body.RootElement.GetRawText());
        var stores = body.RootElement.GetProperty("stores").EnumerateArray()
            .ToDictionary(s => s.GetProperty("store").GetString()!, s => s.GetProperty("status").GetString());
        Assert.Equal("up", stores["postgres"]);
        Assert.Equal("up", stores["redis"]);
        Assert.Equal("up", stores["storage"]);
        Assert.Equal(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NRSGIRLS_TEST_MONGODB_URI")) ? "not configured" : "up", stores["mongodb"]);
    }
}

public class HealthApiWithRedisDownTests(HealthApiWithRedisDownTests.RedisDownFixture app) : IClassFixture<HealthApiWithRedisDownTests.RedisDownFixture>
{
    public sealed class RedisDownFixture : AppFixture
    {
        public ConcurrentQueue<LogEntry> Logs { get; } = new();

        // Nothing listens on port 1: Redis is unreachable.
        protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?> { ["REDIS_PORT"] = "1", [SettingNames.RedisTimeoutMs] = null }; // production timeout

        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs));
    }

    [Fact]
    public async Task Health_answers_503_and_names_the_store_that_is_down_with_only_its_state_and_logs_why()
    {
        var api = ActivatorUtilities.CreateInstance<HealthApi>(app.Services);
        var (status, body) = await HttpResults.ExecuteAsync(await api.Health(new DefaultHttpContext().Request, CancellationToken.None), app.Services);

        Assert.Equal(503, status);
        var stores = body.RootElement.GetProperty("stores").EnumerateArray().ToList();
        var redis = stores.Single(s => s.GetProperty("store").GetString() == "redis");
        Assert.Equal("down", redis.GetProperty("status").GetString());
        Assert.All(stores, s =>
        {
            Assert.Contains(s.GetProperty("status").GetString(), new[] { "up", "down", "not configured" });
            Assert.Equal(["store", "status", "latencyMs"], s.EnumerateObject().Select(p => p.Name));
        });
        var text = body.RootElement.GetRawText();
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("Redis", text);
        // The detail is in the log instead.
        Assert.Contains(app.Logs, l => l.Level == LogLevel.Warning && l.Exception is null
            && l.Message.Contains("redis is down", StringComparison.Ordinal) && l.Message.Contains("Exception", StringComparison.Ordinal));
    }
}
