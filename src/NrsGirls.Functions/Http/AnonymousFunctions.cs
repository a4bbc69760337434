using NrsGirls.Functions.Accounts;
using NrsGirls.Functions.Creators;
using NrsGirls.Functions.Chat;
using NrsGirls.Functions.Streams;
using NrsGirls.Functions.Content;
using NrsGirls.Functions.Operations;

namespace NrsGirls.Functions.Http;

/// <summary>
/// THE list of HTTP functions that answer without a session. Every other HTTP-triggered function must
/// authenticate first (through <see cref="Endpoints"/>: SignedIn or Admin); a test finds every [Function] by reflection and
/// checks that those not listed here answer 401 without a token and with a forged one. Adding a name
/// here is a security decision: say why next to it.
/// </summary>
public static class AnonymousFunctions
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(HealthApi.Health),           // liveness probe for load balancers and monitors
        nameof(AuthApi.Register),           // creating an account: no session yet
        nameof(AuthApi.Login),              // obtaining a session
        nameof(AuthApi.LoginTwoFactor),     // the challenge token is the credential
        nameof(AuthApi.VerifyEmail),        // the e-mailed token is the credential
        // Creators: public reads. A token, when sent, is checked (CreatorAccess hides blocking creators).
        nameof(ProfilesApi.GetDj),
        nameof(ProfilesApi.GetPerformer),
        nameof(FollowsApi.ListFollowers),
        nameof(CreatorSearchApi.SearchCreators),
        // Live: watching needs no account. A token, when sent, must be valid (RequestAuth.AuthenticateOptionalAsync); blocks still apply.
        nameof(StreamsApi.ListStreams),         // public list; creators who block the caller's region are left out
        nameof(StreamsApi.GetStream),           // public stream page
        nameof(StreamsApi.ListCreatorStreams),  // public creator page
        nameof(ViewersApi.StreamHeartbeat),     // anonymous viewers count too, by a client-generated viewer id
        nameof(ViewersApi.LeaveStream),         // the anonymous viewer's goodbye
        nameof(ChatApi.ListChatMessages),       // reading a stream's chat is as public as the stream
        // Tracks (issue 9): the public catalog. A token, when sent, must be valid (the owner then sees unscanned tracks).
        nameof(TracksApi.GetTrack),         // a public track page
        nameof(TracksApi.ListDjTracks),     // a DJ's public track list
        nameof(TracksApi.SearchTracks),     // public search
        nameof(TracksApi.PlayTrack),        // players count plays for anonymous listeners too (rate-limited per address and track)
        nameof(Payments.PaymentWebhooksApi.PaymentWebhook), // the provider's signature is the credential
    };
}
