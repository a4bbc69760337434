using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Accounts;

namespace NrsGirls.Functions.Accounts;

/// <summary>me/settings: the caller's user_settings row.</summary>
public sealed class SettingsApi(UserSettingsService settings, RequestAuth auth)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function(nameof(GetMySettings))]
    public async Task<IResult> GetMySettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/settings")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await settings.GetAsync(who.Caller, ct);
        return outcome.ToResult(v => TypedResults.Ok(SettingsResponse.From(v)));
    }

    /// <summary>Replaces every setting: booleans, language and theme are required; preferences default to {}.</summary>
    [Function(nameof(ReplaceMySettings))]
    public async Task<IResult> ReplaceMySettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/settings")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<SettingsRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await settings.ReplaceAsync(who.Caller, body.Value.ToInput(), ct);
        return outcome.ToResult(v => TypedResults.Ok(SettingsResponse.From(v)));
    }
}
