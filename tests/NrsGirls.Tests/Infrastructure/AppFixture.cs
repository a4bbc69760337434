using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NrsGirls.Functions;

namespace NrsGirls.Tests.Infrastructure;

/// <summary>
/// Per-test-class fixture: its own database cloned from the migrated template, and a service provider
/// built by the same DI entry point as production (AddNrsGirlsFunctions).
/// </summary>
public class AppFixture : IAsyncLifetime
{
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
        ConfigureServices(services);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public string OwnerConnectionString => Env.OwnerConnectionString(Database);

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Env.DropDatabaseAsync(Database);
    }
}
