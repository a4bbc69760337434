namespace NrsGirls.Shared.Creators;

public static class CreatorsServiceCollectionExtensions
{
    /// <summary>Profiles, privacy, follows and search; called once from AddNrsGirlsShared (CreatorAccess is registered there).</summary>
    public static IServiceCollection AddCreators(this IServiceCollection services)
    {
        services.AddSingleton<CreatorsStore>();
        services.AddSingleton<ProfileService>();
        services.AddSingleton<PrivacyService>();
        services.AddSingleton<FollowService>();
        services.AddSingleton<CreatorSearch>();
        return services;
    }
}
