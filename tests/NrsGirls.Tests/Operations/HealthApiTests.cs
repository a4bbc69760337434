using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NrsGirls.Functions.Operations;
using NrsGirls.Tests.Infrastructure;

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
        // Nothing listens on port 1: Redis is unreachable.
        protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?> { ["REDIS_PORT"] = "1" };
    }

    [Fact]
    public async Task Health_answers_503_and_names_the_store_that_is_down()
    {
        var api = ActivatorUtilities.CreateInstance<HealthApi>(app.Services);
        var (status, body) = await HttpResults.ExecuteAsync(await api.Health(new DefaultHttpContext().Request, CancellationToken.None), app.Services);

        Assert.Equal(503, status);
        var redis = body.RootElement.GetProperty("stores").EnumerateArray().Single(s => s.GetProperty("store").GetString() == "redis");
        Assert.Equal("down", redis.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(redis.GetProperty("error").GetString()));
    }
}
