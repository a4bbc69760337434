using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NrsGirls.Functions.Accounts;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Operations;

namespace NrsGirls.Tests.HttpPipeline;

public class JsonBodyTests
{
    private sealed record Probe(string? Name);

    private static HttpRequest Request(string contentType, string body = """{"name":"é"}""", Encoding? encoding = null)
    {
        var bytes = (encoding ?? Encoding.UTF8).GetBytes(body);
        var ctx = new DefaultHttpContext();
        ctx.Request.ContentType = contentType;
        ctx.Request.ContentLength = bytes.Length;
        ctx.Request.Body = new MemoryStream(bytes);
        return ctx.Request;
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/problem+json")]
    [InlineData("application/vnd.nrsgirls.item+json; charset=utf-8")]
    [InlineData("application/json; foo=bar")]
    public async Task Json_and_suffixed_json_without_a_charset_or_with_utf8_are_read(string contentType)
    {
        var body = await JsonBody.ReadAsync<Probe>(Request(contentType), CancellationToken.None);
        Assert.True(body.IsOk, contentType);
        Assert.Equal("é", body.Value.Name);
    }

    [Theory]
    [InlineData("application/jsonx")]
    [InlineData("application/json-patch")]
    [InlineData("text/json")]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/json; charset=utf-8; charset=utf-16")]
    [InlineData("application/+json")]
    [InlineData("application/*")]
    [InlineData("*/*")]
    [InlineData("application/*+json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("")]
    [InlineData("json")]
    public async Task Every_other_content_type_is_415_and_the_body_is_not_read(string contentType)
    {
        var request = Request(contentType);
        var body = await JsonBody.ReadAsync<Probe>(request, CancellationToken.None);
        Assert.False(body.IsOk, contentType);
        var (status, problem) = await HttpResults.ExecuteAsync(body.Problem, new ServiceCollection().AddLogging().BuildServiceProvider());
        Assert.Equal(415, status);
        Assert.Equal("unsupported_media_type", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(0, request.Body.Position);
    }

    [Fact]
    public async Task A_utf16_body_declared_as_utf16_is_refused_rather_than_misread_as_utf8()
    {
        var body = await JsonBody.ReadAsync<Probe>(Request("application/json; charset=utf-16", encoding: Encoding.Unicode), CancellationToken.None);
        Assert.False(body.IsOk);
    }

    /// <summary>Our own types the context generated code for (its JsonTypeInfo&lt;T&gt; properties).</summary>
    public static TheoryData<string> ListedTypes()
    {
        var data = new TheoryData<string>();
        foreach (var p in typeof(NrsGirlsJson).GetProperties())
            if (p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(JsonTypeInfo<>)
                && p.PropertyType.GetGenericArguments()[0] is { Namespace: { } ns } t && ns.StartsWith("NrsGirls", StringComparison.Ordinal))
                data.Add(t.AssemblyQualifiedName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(ListedTypes))]
    public void Every_listed_type_is_resolvable_by_the_generated_context_and_reads_an_empty_object(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        // Configures the generated metadata, which is where a type the generator cannot handle fails.
        Assert.Same(NrsGirlsJson.Default, NrsGirlsJson.ApiOptions.GetTypeInfo(type).OriginatingResolver);
        Assert.NotNull(JsonSerializer.Deserialize("{}", type, NrsGirlsJson.ApiOptions));
    }

    [Fact]
    public void The_api_json_options_put_the_source_generated_context_first_and_keep_reflection_as_fallback()
    {
        var chain = NrsGirlsJson.ApiOptions.TypeInfoResolverChain;
        Assert.Same(NrsGirlsJson.Default, chain[0]);
        Assert.Contains(chain, r => r is DefaultJsonTypeInfoResolver);
        // A listed type is served by the generated context.
        Assert.Same(NrsGirlsJson.Default, NrsGirlsJson.ApiOptions.TypeInfoResolverChain
            .First(r => r.GetTypeInfo(typeof(LoginRequest), NrsGirlsJson.ApiOptions) is not null));
        // A type nobody listed still round-trips, by reflection, with the web defaults.
        var json = JsonSerializer.Serialize(new Probe("x"), NrsGirlsJson.ApiOptions);
        Assert.Equal("""{"name":"x"}""", json);
        Assert.Equal("x", JsonSerializer.Deserialize<Probe>("""{"NAME":"x","other":1}""", NrsGirlsJson.ApiOptions)!.Name);
        Assert.True(ListedTypes().Count >= 10);
    }
}

public class ApiJsonOptionsTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public void The_functions_http_json_options_use_the_api_context_first_with_reflection_after_it()
    {
        var options = app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        Assert.Same(NrsGirlsJson.Default, options.TypeInfoResolverChain[0]);
        Assert.Contains(options.TypeInfoResolverChain, r => r is DefaultJsonTypeInfoResolver);
        Assert.Equal("""{"healthy":true,"stores":[]}""", JsonSerializer.Serialize(new HealthReport(true, []), options));
    }
}
