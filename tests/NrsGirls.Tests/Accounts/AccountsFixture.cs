using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Npgsql;
using NrsGirls.Functions.Accounts;
using NrsGirls.Shared.Accounts;
using NrsGirls.Tests.Infrastructure;
using StackExchange.Redis;

namespace NrsGirls.Tests.Accounts;

/// <summary>
/// The app from AddNrsGirlsFunctions with two outer seams replaced: the clock (moved by hand) and e-mail
/// delivery (a Moq double that captures verification tokens). PostgreSQL and Redis are real.
/// </summary>
public class AccountsFixture : AppFixture
{
    public ManualClock Clock { get; } = new();
    public Mock<IEmailSender> Emails { get; } = new();
    public ConcurrentDictionary<string, string> VerificationTokens { get; } = new();
    public ConcurrentQueue<string> RegistrationAttemptNotices { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        Emails.Setup(e => e.SendVerificationAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, CancellationToken>((email, token, _) => VerificationTokens[email] = token)
            .Returns(Task.CompletedTask);
        Emails.Setup(e => e.SendRegistrationAttemptAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, CancellationToken>((email, _) => RegistrationAttemptNotices.Enqueue(email))
            .Returns(Task.CompletedTask);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        services.Replace(ServiceDescriptor.Singleton(Emails.Object));
    }

    public AuthApi Auth => ActivatorUtilities.CreateInstance<AuthApi>(Services);
    public MeApi Me => ActivatorUtilities.CreateInstance<MeApi>(Services);
    public SettingsApi Settings => ActivatorUtilities.CreateInstance<SettingsApi>(Services);
    public IDatabase Redis => Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    public async Task<T> Scalar<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(OwnerConnectionString);
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async Task<IReadOnlyList<string>> RedisKeys(string pattern)
    {
        var mux = Services.GetRequiredService<IConnectionMultiplexer>();
        var keys = new List<string>();
        await foreach (var k in mux.GetServers()[0].KeysAsync(pattern: pattern)) keys.Add(k.ToString());
        return keys;
    }
}

/// <summary>One HTTP answer: status, headers, and the body as JSON.</summary>
public sealed record Answer(int Status, IHeaderDictionary Headers, JsonElement Body, string Raw)
{
    public string? ContentType => Headers.ContentType.ToString();
    public string? Code => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var c) ? c.GetString() : null;
    public string Str(string name) => Body.GetProperty(name).GetString()!;

    /// <summary>The messages of one field of a validation problem.</summary>
    public string[] FieldErrors(string field) =>
        Body.TryGetProperty("errors", out var e) && e.TryGetProperty(field, out var f)
            ? f.EnumerateArray().Select(x => x.GetString()!).ToArray()
            : [];
}

/// <summary>Builds requests the way the Functions host hands them over, calls a function, executes its result.</summary>
public static class Http
{
    private static int _ip;

    /// <summary>A client address no other test uses, so per-IP rate limits and keys are this test's own.</summary>
    public static string NewIp()
    {
        var n = Interlocked.Increment(ref _ip) + Random.Shared.Next(0, 1 << 20) * 64;
        return $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
    }

    public static HttpRequest Request(object? body = null, string? token = null, string? ip = null, string? raw = null,
        string contentType = "application/json")
    {
        var ctx = new DefaultHttpContext();
        ctx.Connection.RemoteIpAddress = IPAddress.Parse(ip ?? NewIp());
        ctx.Request.Headers.UserAgent = "NrsGirls.Tests/1.0";
        if (token is not null) ctx.Request.Headers.Authorization = "Bearer " + token;
        var bytes = raw is not null ? Encoding.UTF8.GetBytes(raw) : body is not null ? JsonSerializer.SerializeToUtf8Bytes(body) : null;
        if (bytes is not null)
        {
            ctx.Request.ContentType = contentType;
            ctx.Request.ContentLength = bytes.Length;
            ctx.Request.Body = new MemoryStream(bytes);
        }
        return ctx.Request;
    }

    public static async Task<Answer> Call(IServiceProvider services, Task<IResult> function)
    {
        var (status, headers, text) = await HttpResults.ExecuteRawAsync(await function, services);
        using var doc = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return new Answer(status, headers, doc.RootElement.Clone(), text);
    }
}
