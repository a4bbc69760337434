using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NrsGirls.Functions.Accounts;
using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Operations;

namespace NrsGirls.Functions.Http;

/// <summary>
/// THE System.Text.Json context of the API: request bodies, responses and queue messages, with the web
/// defaults (camelCase, case-insensitive reading, numbers only as numbers). Source generation saves the
/// reflection work on every call and catches types that cannot be serialized at build time.
/// <para>
/// Each feature adds its own payload types here, one <c>[JsonSerializable(typeof(X))]</c> line per request,
/// response and queue message type, in a block commented with the feature's name (see docs/http.md).
/// A type not (yet) listed still works: <see cref="ApiOptions"/> chains the reflection resolver after this
/// context, so forgetting a line costs speed, never correctness.
/// </para>
/// <para>Used by <see cref="JsonBody"/> (request bodies), by IResult responses (the HTTP JSON options are
/// configured in AddNrsGirlsFunctions) and by the local host's queue-message binding.</para>
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
// Operations
[JsonSerializable(typeof(HealthReport))]
// Accounts: requests
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(TwoFactorLoginRequest))]
[JsonSerializable(typeof(VerifyEmailRequest))]
[JsonSerializable(typeof(TwoFactorCodeRequest))]
[JsonSerializable(typeof(TwoFactorDisableRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(DeleteAccountRequest))]
[JsonSerializable(typeof(SettingsRequest))]
// (UpdateAccountRequest is read by reflection: the generator cannot bind its [JsonExtensionData] on a record.)
// Accounts: responses
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(SettingsResponse))]
[JsonSerializable(typeof(AccountView))]
[JsonSerializable(typeof(TwoFactorSetup))]
public sealed partial class NrsGirlsJson : JsonSerializerContext
{
    /// <summary>
    /// The options every API payload and queue message is read and written with: this context first,
    /// reflection second (for types not listed yet); unknown JSON members are skipped, comments and
    /// trailing commas refused.
    /// </summary>
    public static JsonSerializerOptions ApiOptions => Api.Value;

    // Lazy: the generated Default is a static of the other half of this partial class, not yet set while
    // this half's static fields initialize.
    private static readonly Lazy<JsonSerializerOptions> Api = new(() => Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    }, readOnly: true));

    /// <summary>Puts this context first in <paramref name="options"/>' resolver chain, keeping reflection as the fallback.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options, bool readOnly = false)
    {
        if (!options.TypeInfoResolverChain.Contains(Default)) options.TypeInfoResolverChain.Insert(0, Default);
        if (!options.TypeInfoResolverChain.OfType<DefaultJsonTypeInfoResolver>().Any())
            options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        if (readOnly) options.MakeReadOnly();
        return options;
    }
}
