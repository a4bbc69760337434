using NrsGirls.Shared.Accounts;

namespace NrsGirls.Functions.Accounts;

/// <summary>me/settings: the caller's user_settings row.</summary>
public sealed class SettingsApi(UserSettingsService settings, RequestAuth auth)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function(nameof(GetMySettings))]
    public Task<IResult> GetMySettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/settings")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => settings.GetAsync(who, ct), v => TypedResults.Ok(SettingsResponse.From(v)));

    /// <summary>Replaces every setting: booleans, language and theme are required; preferences default to {}.</summary>
    [Function(nameof(ReplaceMySettings))]
    public Task<IResult> ReplaceMySettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/settings")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<SettingsRequest>(MaxBodyBytes, ct),
            (who, body, _) => settings.ReplaceAsync(who, body.ToInput(), ct), v => TypedResults.Ok(SettingsResponse.From(v)));
}
