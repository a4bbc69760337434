namespace NrsGirls.Shared.Moderation;

public static class ModerationServiceCollectionExtensions
{
    /// <summary>Reports and their review workflow; called once from AddNrsGirlsShared.</summary>
    public static IServiceCollection AddModeration(this IServiceCollection services)
    {
        services.AddSingleton<ReportsStore>();
        services.AddSingleton<ReportService>();
        return services;
    }
}
