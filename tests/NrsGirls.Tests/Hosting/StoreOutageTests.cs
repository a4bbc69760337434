using System.Text.RegularExpressions;
using NrsGirls.Functions.Http;
using NrsGirls.LocalHost;

namespace NrsGirls.Tests.Hosting;

/// <summary>
/// Issue 8: with a store down, every HTTP route of the production app, called over real HTTP through the
/// local host, answers 503 problem+json <c>unavailable</c> (with Retry-After) or a 4xx problem, never a
/// 500; a protected route never answers without its session lookup; and the outage is logged as warnings,
/// not as one stack trace per request.
/// </summary>
public abstract class StoreOutageHost : ProductionHostFixture
{
    public ConcurrentQueue<LogEntry> Logs { get; } = new();

    protected override LocalFunctionsHostOptions CustomizeHost(LocalFunctionsHostOptions options)
    {
        options.Queues = false;
        options.Timers = false;
        options.ConfigureLogging = b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(new CapturingLoggerProvider(Logs));
        return options;
    }

    /// <summary>
    /// Settings pointing one store at a port nothing listens on, with the production Redis timeout (the
    /// tests' longer one would make each call to a closed Redis port wait 30 s).
    /// </summary>
    protected IConfiguration Without(string portSetting) => new ConfigurationBuilder()
        .AddConfiguration(Configuration)
        .AddInMemoryCollection(new Dictionary<string, string?> { [portSetting] = "1", [SettingNames.RedisTimeoutMs] = null })
        .Build();
}

public static class StoreOutage
{
    public sealed record Call(string Function, string Method, string Path, string? Authorization, int Status, string? ContentType, string? Code,
        string? RetryAfter, string Body)
    {
        public override string ToString() => $"{Function} {Method} {Path} [{Authorization ?? "no auth"}] -> {Status} {ContentType} {Body}";
    }

    // Bodies that get past validation, so the call reaches its store.
    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["Register"] = $$"""{"email":"outage-{{Guid.NewGuid():N}}@example.com","password":"correct horse battery staple","role":"viewer"}""",
        ["Login"] = """{"email":"nobody@example.com","password":"correct horse battery staple"}""",
        ["VerifyEmail"] = $$"""{"token":"{{SecureTokens.New()}}"}""",
        ["LoginTwoFactor"] = $$"""{"challenge":"{{SecureTokens.New()}}","code":"123456"}""",
    };

    /// <summary>A concrete path for a route template: a new guid, 1, or "x" for each parameter.</summary>
    public static string PathFor(string template) => Regex.Replace(template, @"\{(\w+)(?::(\w+))?[^}]*\}", m => m.Groups[2].Value switch
    {
        "guid" => Guid.NewGuid().ToString(),
        "int" or "long" => "1",
        _ => "x",
    });

    /// <summary>
    /// Calls every HTTP function the host serves once per Authorization value, concurrently (a store that
    /// is down may take its connect timeout to say so); the ones that end a session go last.
    /// </summary>
    public static async Task<List<Call>> CallEveryRoute(LocalHostFixture app, params string?[] authorizations)
    {
        var endsSession = new HashSet<string> { "Logout", "DeleteMe" };
        var targets = app.Host.App.Http.SelectMany(f => authorizations.Select(a => (Function: f, Authorization: a))).ToList();
        var calls = (await Task.WhenAll(targets.Where(t => !endsSession.Contains(t.Function.Name)).Select(t => CallAsync(app, t.Function, t.Authorization)))).ToList();
        foreach (var t in targets.Where(t => endsSession.Contains(t.Function.Name))) calls.Add(await CallAsync(app, t.Function, t.Authorization));
        return calls;
    }

    private static async Task<Call> CallAsync(LocalHostFixture app, HttpFunction f, string? authorization)
    {
        var method = f.Methods?.FirstOrDefault() ?? "GET";
        var path = $"{app.Host.App.Manifest.RoutePrefix}/{PathFor(f.RouteTemplate)}";
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is not ("GET" or "HEAD"))
            request.Content = new StringContent(Bodies.GetValueOrDefault(f.Name, "{}"), Encoding.UTF8, "application/json");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await app.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (body.StartsWith('{') && JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c)) code = c.GetString();
        return new Call(f.Name, method, path, authorization, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, code,
            response.Headers.RetryAfter?.ToString(), body);
    }

    /// <summary>The rules every answer keeps during an outage (a success only with a real session, <paramref name="session"/>).</summary>
    public static void AssertNeverFailsOpenOr500(IReadOnlyList<Call> calls, string? session = null)
    {
        Assert.True(calls.Count >= 15, $"only {calls.Count} calls");
        foreach (var call in calls)
        {
            if (session is not null && call.Authorization == session && call.Status is >= 200 and < 300) continue;
            // A public read that needs no store that is down (an empty live list reads no viewer counts) may
            // still succeed: there is nothing to fail open on without a session.
            if (call.Authorization is null && AnonymousFunctions.Names.Contains(call.Function) && call.Status is >= 200 and < 300) continue;
            Assert.True(call.Status != 500, call.ToString());
            if (call.Function == "Health")
            {
                // The health report is plain JSON by design, and says down rather than failing.
                Assert.True(call.Status == 503 && call.ContentType == "application/json", call.ToString());
                continue;
            }
            Assert.True(call.Status is >= 400 and < 500 or 503, call.ToString());
            Assert.True(call.ContentType == Problems.ContentType, call.ToString());
            if (call.Status == 503 && call.Code is not ("analytics_unavailable" or "chat_unavailable"))
            {
                // A store that is down; MongoDB-backed routes say instead that MongoDB is not configured.
                Assert.True(call.Code == "unavailable", call.ToString());
                Assert.True(call.RetryAfter is { Length: > 0 }, call.ToString());
            }
        }
    }

    /// <summary>
    /// No function logged an error (a stack trace) for the outage; with <paramref name="viaCatchAll"/>, the
    /// catch-all answered some of them, each with one warning line.
    /// </summary>
    public static void AssertLoggedAsWarnings(IEnumerable<LogEntry> logs, bool viaCatchAll)
    {
        var functionLogs = logs.Where(l => l.Category.StartsWith("Function.", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(functionLogs, l => l.Level >= LogLevel.Error);
        if (viaCatchAll)
            Assert.Contains(functionLogs, l => l is { Level: LogLevel.Warning, Exception: null } && l.Message.Contains("unreachable, answered 503", StringComparison.Ordinal));
    }
}

public class RedisOutageTests(RedisOutageTests.RedisDown app) : IClassFixture<RedisOutageTests.RedisDown>
{
    public sealed class RedisDown : StoreOutageHost
    {
        protected override IConfiguration HostConfiguration => Without(SettingNames.RedisPort);
    }

    [Fact]
    public async Task Every_route_answers_503_problem_or_a_4xx_and_no_protected_route_answers_without_its_session_lookup()
    {
        var calls = await StoreOutage.CallEveryRoute(app, null, "Bearer " + SecureTokens.New(), "Bearer forged");
        StoreOutage.AssertNeverFailsOpenOr500(calls);

        foreach (var call in calls.Where(c => !AnonymousFunctions.Names.Contains(c.Function)))
            // Without a token (or with one that is not even well-formed): 401 before any lookup. With a
            // well-formed one: the lookup cannot be made, so 503 (fail closed).
            Assert.True(call.Authorization is null or "Bearer forged" ? call.Status == 401 : call.Status == 503, call.ToString());
        foreach (var name in new[] { "Register", "Login", "LoginTwoFactor" })
            Assert.All(calls.Where(c => c.Function == name), c => Assert.True(c.Status == 503, c.ToString()));
        // Today the accounts services still guard their Redis calls themselves; the catch-all's Redis
        // mapping is covered by UnexpectedErrorsTests.
        StoreOutage.AssertLoggedAsWarnings(app.Logs, viaCatchAll: false);
    }
}

public class PostgresOutageTests(PostgresOutageTests.PostgresDown app) : IClassFixture<PostgresOutageTests.PostgresDown>
{
    public sealed class PostgresDown : StoreOutageHost
    {
        public TestUser User { get; private set; } = null!;

        protected override IConfiguration HostConfiguration => Without(SettingNames.PostgresPort);

        // Signed up while PostgreSQL is reachable (through the fixture's own services); the host then runs without it.
        protected override async Task BeforeHostStartsAsync() => User = await this.SignUp(Roles.Viewer);
    }

    [Fact]
    public async Task Every_route_answers_503_problem_or_a_4xx_and_signed_in_reads_fail_as_503_not_500()
    {
        var calls = await StoreOutage.CallEveryRoute(app, null, "Bearer forged", "Bearer " + app.User.Token);
        StoreOutage.AssertNeverFailsOpenOr500(calls, session: "Bearer " + app.User.Token);

        // Sessions live in Redis, which is up: without a valid one every protected route is 401.
        foreach (var call in calls.Where(c => !AnonymousFunctions.Names.Contains(c.Function) && c.Authorization != "Bearer " + app.User.Token))
            Assert.True(call.Status == 401, call.ToString());
        // With one, reading the account needs PostgreSQL: the catch-all turns the refused connection into 503.
        foreach (var function in new[] { "GetMe", "GetMySettings" })
        {
            var signedIn = calls.Single(c => c.Function == function && c.Authorization == "Bearer " + app.User.Token);
            Assert.True(signedIn is { Status: 503, Code: "unavailable" }, signedIn.ToString());
        }
        Assert.All(calls.Where(c => c.Function is "Register" or "Login"), c => Assert.True(c.Status == 503, c.ToString()));
        StoreOutage.AssertLoggedAsWarnings(app.Logs, viaCatchAll: true);
    }
}
