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
        var (caller, problem) = await auth.AuthenticateAsync(request);
        if (problem is not null) return problem;
        var outcome = await settings.GetAsync(caller!, ct);
        return outcome.IsOk ? TypedResults.Ok(SettingsResponse.From(outcome.Value!)) : Problems.From(outcome.Error!);
    }

    /// <summary>Replaces every setting: booleans, language and theme are required; preferences default to {}.</summary>
    [Function(nameof(ReplaceMySettings))]
    public async Task<IResult> ReplaceMySettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/settings")] HttpRequest request, CancellationToken ct)
    {
        var (caller, problem) = await auth.AuthenticateAsync(request);
        if (problem is not null) return problem;
        var (body, bad) = await JsonBody.ReadAsync<SettingsRequest>(request, ct, MaxBodyBytes);
        if (bad is not null) return bad;
        var outcome = await settings.ReplaceAsync(caller!, body!.ToInput(), ct);
        return outcome.IsOk ? TypedResults.Ok(SettingsResponse.From(outcome.Value!)) : Problems.From(outcome.Error!);
    }
}
