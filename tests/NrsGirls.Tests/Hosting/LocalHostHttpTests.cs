using System.Net.Http.Headers;
using NrsGirls.LocalHost;

namespace NrsGirls.Tests.Hosting;

/// <summary>Issue 3: the production app served over real HTTP on 127.0.0.1 by the local host.</summary>
public class ProductionLocalHostTests(ProductionHostFixture app) : IClassFixture<ProductionHostFixture>
{
    /// <summary>Function names in functions.metadata, read here independently of the host's own reader.</summary>
    internal static SortedSet<string> MetadataFunctionNames(string directory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "functions.metadata")));
        return new SortedSet<string>(doc.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!), StringComparer.Ordinal);
    }

    internal static SortedSet<string> HostedFunctionNames(LocalFunctionsHost host) => new(
        host.ServedHttpFunctions().Concat(host.ListenedQueueFunctions()).Concat(host.ScheduledTimerFunctions()), StringComparer.Ordinal);

    [Fact]
    public void Every_function_in_the_production_functions_metadata_is_served_or_scheduled()
    {
        var inMetadata = MetadataFunctionNames(FunctionManifest.DefaultDirectory());
        Assert.Contains("Health", inMetadata);
        Assert.Contains("EnsureTransactionPartitions", inMetadata);
        Assert.Equal(inMetadata, HostedFunctionNames(app.Host));
        Assert.Contains("Health", app.Host.ServedHttpFunctions());
        Assert.Contains("EnsureTransactionPartitions", app.Host.ScheduledTimerFunctions());
    }

    [Fact]
    public async Task Health_over_http_answers_200_with_each_store_state()
    {
        using var response = await app.Http.GetAsync("api/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var stores = JsonDocument.Parse(body).RootElement.GetProperty("stores").EnumerateArray()
            .ToDictionary(s => s.GetProperty("store").GetString()!, s => s.GetProperty("status").GetString());
        Assert.Equal("up", stores["postgres"]);
        Assert.Equal("up", stores["redis"]);
        Assert.Equal("up", stores["storage"]);
        Assert.Contains("mongodb", stores.Keys);
    }

    [Fact]
    public async Task An_unknown_route_answers_404_problem_json()
    {
        using var response = await app.Http.GetAsync("api/no/such/route");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("route_not_found", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_known_route_with_a_wrong_method_answers_405_with_Allow()
    {
        using var response = await app.Http.DeleteAsync("api/health");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("method_not_allowed", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }
}

/// <summary>Issue 3: routing, binding and results of the test function app over real HTTP.</summary>
public class LocalHostHttpTests(LocalHostHttpTests.SmallBodyHost app) : IClassFixture<LocalHostHttpTests.SmallBodyHost>
{
    public sealed class SmallBodyHost : LocalHostFixture
    {
        protected override long MaxRequestBodyBytes => 4096;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public void Every_function_in_the_test_apps_functions_metadata_is_served_or_scheduled()
    {
        var inMetadata = ProductionLocalHostTests.MetadataFunctionNames(LocalHostFixture.TestAppDirectory);
        Assert.Superset(new SortedSet<string> { "GetItem", "CreateItem", "CountItems", "Explode", "RecordMessage", "AlwaysFails", "RecordRun" }, inMetadata);
        Assert.Equal(inMetadata, ProductionLocalHostTests.HostedFunctionNames(app.Host));
    }

    [Fact]
    public async Task A_guid_route_value_reaches_the_function_and_a_non_guid_is_404()
    {
        var id = Guid.NewGuid();
        using var ok = await app.Http.GetAsync($"api/items/{id}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(id, JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());

        using var notGuid = await app.Http.GetAsync("api/items/not-a-guid");
        Assert.Equal(HttpStatusCode.NotFound, notGuid.StatusCode);
        Assert.Equal("route_not_found", (await ProblemAsync(notGuid)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_IActionResult_is_executed_with_its_int_route_value()
    {
        using var response = await app.Http.GetAsync("api/items/count/21");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(21, body.GetProperty("n").GetInt32());
        Assert.Equal(42, body.GetProperty("doubled").GetInt32());
    }

    [Fact]
    public async Task A_valid_json_body_is_read_and_malformed_json_is_a_400_problem()
    {
        using var created = await app.Http.PostAsync("api/items", new StringContent("""{"name":"mic","quantity":2}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("mic", JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString());

        using var malformed = await app.Http.PostAsync("api/items", new StringContent("""{"name": "mic", """, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("malformed_json", (await ProblemAsync(malformed)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_before_the_function_runs()
    {
        var big = "{\"name\":\"" + new string('x', 5000) + "\",\"quantity\":1}";
        using var response = await app.Http.PostAsync("api/items", new StringContent(big, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413()
    {
        // No Content-Length: Kestrel stops the body at the limit while the function reads it.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 5000) + "\",\"quantity\":1}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/items") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_without_internals()
    {
        using var response = await app.Http.GetAsync("api/explode");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var problem = await ProblemAsync(response);
        Assert.Equal("internal_error", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.Contains(app.Host.Invocations.Snapshot(), i => i is { Function: "Explode", Succeeded: false });
    }
}
