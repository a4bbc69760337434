using NrsGirls.Functions.Accounts;
using NrsGirls.Functions.Operations;

namespace NrsGirls.Functions.Http;

/// <summary>
/// THE list of HTTP functions that answer without a session. Every other HTTP-triggered function must
/// call <see cref="RequestAuth.AuthenticateAsync"/> first; a test finds every [Function] by reflection and
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
        nameof(Payments.PaymentWebhooksApi.PaymentWebhook), // the provider's signature is the credential
    };
}
