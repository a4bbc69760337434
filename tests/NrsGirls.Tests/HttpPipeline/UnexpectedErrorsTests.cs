using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;
using NrsGirls.Functions.Http;
using StackExchange.Redis;

// The plain constructors are enough to build the exceptions the drivers throw.
#pragma warning disable CS0618

namespace NrsGirls.Tests.HttpPipeline;

/// <summary>The one catch-all: which exceptions are outages (503), broken bodies (400/408/413) or bugs (500), and how each is logged.</summary>
public class UnexpectedErrorsTests
{
    public static TheoryData<string, Exception> Outages() => new()
    {
        { "redis", new RedisConnectionException(ConnectionFailureType.UnableToConnect, "It was not possible to connect to the redis server(s).") },
        { "redis", new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent) },
        { "redis", new RedisServerException("LOADING Redis is loading the dataset in memory") },
        { "redis", new InvalidOperationException("wrapped", new RedisConnectionException(ConnectionFailureType.SocketFailure, "x")) },
        { "postgres", new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused)) },
        { "postgres", new NpgsqlException("Exception while reading from stream", new TimeoutException()) },
        { "postgres", new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow) },
        { "postgres", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections) },
        { "postgres", new AggregateException(new NpgsqlException("x", new SocketException((int)SocketError.ConnectionReset))) },
        { "mongodb", new MongoConnectionException(new ConnectionId(new ServerId(new ClusterId(), new DnsEndPoint("localhost", 27017))), "refused") },
    };

    public static TheoryData<Exception> NotOutages() => new()
    {
        new InvalidOperationException("a bug"),
        new RedisServerException("WRONGTYPE Operation against a key holding the wrong kind of value"),
        new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation),
        new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError),
        new TimeoutException("not from a store driver"),
        new NullReferenceException(),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void Connection_and_timeout_failures_of_each_store_are_outages(string store, Exception exception) =>
        Assert.Equal(store, UnexpectedErrors.UnreachableStore(exception));

    [Theory]
    [MemberData(nameof(NotOutages))]
    public void Errors_of_the_query_or_of_our_code_are_not_outages(Exception exception) =>
        Assert.Null(UnexpectedErrors.UnreachableStore(exception));

    [Fact]
    public async Task A_mongodb_server_selection_timeout_from_the_real_driver_is_an_outage()
    {
        var client = new MongoClient("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300&connectTimeoutMS=300");
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() =>
            client.GetDatabase("x").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1)));
        Assert.Equal("mongodb", UnexpectedErrors.UnreachableStore(thrown));
    }

    private static async Task<(int Status, HttpResponse Response, JsonElement Body, List<LogEntry> Logs)> Write(Exception exception, long? maxBody = null)
    {
        var logs = new ConcurrentQueue<LogEntry>();
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Leftover"] = "from the function";
        var logger = new CapturingLoggerProvider(logs).CreateLogger("Function.Test");
        var status = await UnexpectedErrors.WriteAsync(http, exception, logger, "Test");
        http.Response.Body.Position = 0;
        var body = JsonDocument.Parse(http.Response.Body).RootElement.Clone();
        return (status, http.Response, body, logs.ToList());
    }

    [Fact]
    public async Task An_outage_answers_503_unavailable_with_retry_after_and_logs_one_warning_without_the_exception()
    {
        var (status, response, body, logs) = await Write(new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.Equal((503, 503), (status, response.StatusCode));
        Assert.Equal(Problems.ContentType, response.ContentType);
        Assert.Equal("unavailable", body.GetProperty("code").GetString());
        Assert.Equal(Problems.DefaultRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.RetryAfter.ToString());
        Assert.DoesNotContain("127.0.0.1", body.GetRawText());
        var entry = Assert.Single(logs);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Contains("postgres unreachable", entry.Message);
        // The response started over, keeping what holds for any answer to the request.
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.False(response.Headers.ContainsKey("X-Leftover"));
    }

    [Theory]
    [InlineData(400, 400, "bad_request_body")]
    [InlineData(408, 408, "request_timeout")]
    [InlineData(413, 413, "payload_too_large")]
    [InlineData(411, 400, "bad_request_body")]
    public async Task A_broken_body_answers_its_4xx_and_logs_one_warning_without_the_exception(int kestrel, int expected, string code)
    {
        var (status, response, body, logs) = await Write(new BadHttpRequestException("Unexpected end of request content.", kestrel));

        Assert.Equal((expected, expected), (status, response.StatusCode));
        Assert.Equal(code, body.GetProperty("code").GetString());
        var entry = Assert.Single(logs);
        Assert.Equal((LogLevel.Warning, null), (entry.Level, entry.Exception));
    }

    [Fact]
    public async Task Anything_else_is_a_500_with_a_trace_id_logged_as_an_error_with_its_stack()
    {
        var bug = new InvalidOperationException("secret detail Password=hunter2");
        var (status, response, body, logs) = await Write(bug);

        Assert.Equal((500, 500), (status, response.StatusCode));
        Assert.Equal("internal_error", body.GetProperty("code").GetString());
        Assert.DoesNotContain("hunter2", body.GetRawText());
        var entry = Assert.Single(logs);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Same(bug, entry.Exception);
    }
}
