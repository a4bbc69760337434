using Microsoft.Extensions.DependencyInjection;
using NrsGirls.Functions.Http;

namespace NrsGirls.Functions.Accounts;

public static class AccountsFunctionsExtensions
{
    /// <summary>The HTTP side of accounts (the request authentication helper); called once from AddNrsGirlsFunctions.</summary>
    public static IServiceCollection AddAccountsFunctions(this IServiceCollection services) =>
        services.AddSingleton<RequestAuth>();
}
