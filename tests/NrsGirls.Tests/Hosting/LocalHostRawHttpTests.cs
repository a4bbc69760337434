using NrsGirls.LocalHost;

namespace NrsGirls.Tests.Hosting;

/// <summary>
/// Issue 8: what a hostile or broken client sends over a raw socket (bodies shorter than their
/// Content-Length, bodies that trickle, NUL and 0xFF bytes in headers, %00 in the path, huge URLs and
/// headers) is answered with problem+json, never 500, and logged as a warning without a stack trace.
/// </summary>
public class LocalHostRawHttpTests(LocalHostRawHttpTests.RawHost app) : IClassFixture<LocalHostRawHttpTests.RawHost>
{
    public sealed class RawHost : LocalHostFixture
    {
        public ConcurrentQueue<LogEntry> Logs { get; } = new();

        protected override LocalFunctionsHostOptions CustomizeHost(LocalFunctionsHostOptions options)
        {
            options.ConfigureLogging = b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(new CapturingLoggerProvider(Logs));
            return options;
        }
    }

    private Uri Server => app.Host.BaseAddress!;

    private static void AssertProblem(RawResponse response, int status, string? code = null)
    {
        Assert.True(response.Status == status, response.ToString());
        Assert.StartsWith("application/problem+json", response.ContentType);
        if (code is not null) Assert.Equal(code, response.Code);
        Assert.Equal("nosniff", response.Header("x-content-type-options"));
    }

    private static string Post(string path, int contentLength, string body) =>
        $"POST /{path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\n\r\n{body}";

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_a_408_problem_logged_as_a_warning_without_a_stack()
    {
        // The rest never comes: Kestrel's minimum body data rate gives up after its 5 s grace period.
        var response = await RawHttp.SendAsync(Server, Post("api/items", 100, """{"name":"mic","""), timeout: TimeSpan.FromSeconds(30));

        AssertProblem(response, 408, "request_timeout");
        Assert.DoesNotContain("Exception", response.Body);
        var entry = Assert.Single(app.Logs, l => l.Category == "Function.CreateItem" && l.Message.Contains("broken request body", StringComparison.Ordinal)
                                                 // not just "408": the other test's entry carries a random hex trace id
                                                 && l.Message.Contains("answered 408", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.DoesNotContain(app.Logs, l => l.Level >= LogLevel.Error && l.Category == "Function.CreateItem");
    }

    [Fact]
    public async Task A_malformed_chunked_body_is_a_400_problem_logged_as_a_warning_without_a_stack()
    {
        var request = "POST /api/items HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
        AssertProblem(await RawHttp.SendAsync(Server, request), 400, "bad_request_body");
        Assert.Contains(app.Logs, l => l is { Level: LogLevel.Warning, Exception: null, Category: "Function.CreateItem" }
                                       && l.Message.Contains("answered 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_url_too_long_is_a_414_problem()
    {
        var response = await RawHttp.SendAsync(Server, $"GET /api/items/{new string('a', 20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        AssertProblem(response, 414, "uri_too_long");
    }

    [Fact]
    public async Task Headers_too_large_are_a_431_problem()
    {
        var response = await RawHttp.SendAsync(Server, $"GET /api/items/count/1 HTTP/1.1\r\nHost: localhost\r\nX-Big: {new string('a', 40_000)}\r\n\r\n");
        AssertProblem(response, 431, "request_headers_too_large");
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    public async Task A_control_or_non_ascii_byte_in_a_header_is_a_400_problem(int b)
    {
        var head = Encoding.Latin1.GetBytes("GET /api/items/count/1 HTTP/1.1\r\nHost: localhost\r\nX-Odd: a");
        var tail = Encoding.Latin1.GetBytes("b\r\n\r\n");
        var response = await RawHttp.SendAsync(Server, [.. head, (byte)b, .. tail]);
        AssertProblem(response, 400, "bad_request");
    }

    [Theory]
    [InlineData("/api/items/count/1%00")]
    [InlineData("/api/health%00.json")]
    public async Task A_nul_in_the_path_is_a_400_problem(string path)
    {
        var response = await RawHttp.SendAsync(Server, $"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        AssertProblem(response, 400, "bad_request");
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nX-Content-Type-Options: nosniff\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n")]
    [InlineData("{\"code\":\"x\"}")]
    public void Only_kestrels_own_empty_error_answers_are_rewritten_everything_else_passes_unchanged(string written) =>
        Assert.Null(KestrelRejections.Rewrite(Encoding.Latin1.GetBytes(written)));

    [Fact]
    public void A_kestrel_rejection_keeps_its_status_and_connection_close_and_gains_a_problem_body()
    {
        var rewritten = Encoding.UTF8.GetString(KestrelRejections.Rewrite(
            "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\nDate: Thu, 26 Nov 2026 05:00:00 GMT\r\n\r\n"u8)!);
        Assert.StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/problem+json\r\n", rewritten);
        Assert.Contains("\r\nConnection: close\r\n", rewritten);
        Assert.Contains("\r\nX-Content-Type-Options: nosniff\r\n", rewritten);
        var body = rewritten[(rewritten.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", rewritten);
        Assert.Equal("request_headers_too_large", System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }
}
