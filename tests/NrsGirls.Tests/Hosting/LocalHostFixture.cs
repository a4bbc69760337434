using System.Reflection;
using NrsGirls.LocalHost;

namespace NrsGirls.Tests.Hosting;

/// <summary>
/// A test class's own database and, unless <see cref="StartHost"/> says otherwise, a local host serving
/// the test function app (tests/NrsGirls.TestFunctionApp) in-process on a free 127.0.0.1 port, with
/// queue names unique to this fixture so classes running in parallel never share a queue.
/// </summary>
public class LocalHostFixture : AppFixture, IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];

    public string RecordQueue => "rec-" + _suffix;
    public string FailQueue => "fail-" + _suffix;
    public string HostId => "tests-" + _suffix;
    public LocalFunctionsHost Host { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The test app's build output: functions.metadata, host.json and its assembly.</summary>
    public static string TestAppDirectory { get; } = Path.GetDirectoryName(
        typeof(LocalHostFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestFunctionAppPath").Value!)!;

    /// <summary>Yearly, so the timer stays quiet unless a class asks for more.</summary>
    protected virtual string TimerSchedule => "0 0 0 1 1 *";
    protected virtual bool StartHost => true;
    /// <summary>The app the host serves: the test app unless a class says otherwise (null: production).</summary>
    protected virtual string? AppDirectory => TestAppDirectory;
    protected virtual long MaxRequestBodyBytes => 1024 * 1024;
    protected virtual Task BeforeHostStartsAsync() => Task.CompletedTask;

    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["TESTAPP_RECORD_QUEUE"] = RecordQueue,
        ["TESTAPP_FAIL_QUEUE"] = FailQueue,
        ["TESTAPP_TIMER_SCHEDULE"] = TimerSchedule,
    };

    public LocalFunctionsHostOptions HostOptions => CustomizeHost(new()
    {
        AppDirectory = AppDirectory,
        Port = 0,
        MaxRequestBodyBytes = MaxRequestBodyBytes,
        HostId = HostId,
        ConfigureLogging = b => b.SetMinimumLevel(LogLevel.Warning),
    });

    /// <summary>Change the host's options (logging, limits) for this class.</summary>
    protected virtual LocalFunctionsHostOptions CustomizeHost(LocalFunctionsHostOptions options) => options;

    /// <summary>The settings the host runs with: this fixture's unless a class points a store elsewhere.</summary>
    protected virtual Microsoft.Extensions.Configuration.IConfiguration HostConfiguration => Configuration;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await using (var conn = new NpgsqlConnection(OwnerConnectionString))
            await conn.ExecuteAsync(TestAppSchema.Sql);
        if (!StartHost) return;
        await BeforeHostStartsAsync();
        Host = await LocalFunctionsHost.StartAsync(HostConfiguration, HostOptions);
        Http = new HttpClient { BaseAddress = Host.BaseAddress };
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        await DisposeAsync();
    }

    public async Task<T> QueryAsync<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(OwnerConnectionString);
        return await conn.QuerySingleAsync<T>(sql, args);
    }
}
