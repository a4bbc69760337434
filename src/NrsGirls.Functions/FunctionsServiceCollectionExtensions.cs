using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NrsGirls.Functions.Accounts;
using NrsGirls.Shared;

namespace NrsGirls.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Everything the function classes need: the Shared services plus the HTTP helpers. Used by
    /// Program.cs, by the local host and by the tests, so all three run the same registrations.
    /// </summary>
    public static IServiceCollection AddNrsGirlsFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddNrsGirlsShared(configuration);
        services.AddAccountsFunctions();
        return services;
    }
}
