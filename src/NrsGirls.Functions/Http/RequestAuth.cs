using System.Net;
using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Activity;
using NrsGirls.Shared.Configuration;

namespace NrsGirls.Functions.Http;

/// <summary>
/// The one authentication step of every signed-in HTTP function: reads <c>Authorization: Bearer</c> and
/// asks <see cref="SessionAuthenticator"/> for the caller. Functions do not call it themselves: they go
/// through <see cref="Endpoints"/> (<c>auth.SignedIn(request, (who, client) => service.DoAsync(who, ..., client, ct))</c>),
/// which authenticates first, before reading the body.
/// Functions that may be called without a session are listed in <see cref="AnonymousFunctions"/>.
/// </summary>
public sealed class RequestAuth(SessionAuthenticator authenticator, EdgeOptions edge)
{
    /// <summary>
    /// The caller, or a problem: 401 (no, unknown, expired or revoked token) or 503 (Redis unreachable).
    /// Once a session is found the response is marked <c>Cache-Control: no-store</c>, whatever the function
    /// answers: signed-in responses carry personal data.
    /// </summary>
    public async Task<SignedIn> AuthenticateAsync(HttpRequest request)
    {
        var outcome = await authenticator.AuthenticateAsync(BearerToken(request));
        if (!outcome.IsOk) return new SignedIn(null, Problems.From(outcome.Error));
        ResponseDefaults.NoStore(request.HttpContext.Response);
        return new SignedIn(outcome.Value, null);
    }

    /// <summary>
    /// For routes anyone may call whose answer depends on who asks (a creator's block list, the owner's
    /// extra fields): no Authorization header means anonymous (Caller null); a header with a bad token is
    /// still 401, so a client never silently loses its identity. With <paramref name="otherSchemesAreAnonymous"/>
    /// (the track routes) only a Bearer header is checked: any other scheme counts as no header.
    /// </summary>
    public async Task<MaybeSignedIn> AuthenticateOptionalAsync(HttpRequest request, bool otherSchemesAreAnonymous = false)
    {
        if (otherSchemesAreAnonymous ? BearerToken(request) is null : request.Headers.Authorization.Count == 0)
            return new MaybeSignedIn(null, null);
        var who = await AuthenticateAsync(request);
        return new MaybeSignedIn(who.Caller, who.Problem);
    }

    /// <summary>Null when the caller has one of <paramref name="roles"/>; otherwise 403.</summary>
    public static IResult? RequireRole(Caller caller, params string[] roles) =>
        roles.Contains(caller.Role) ? null : Problems.Forbidden($"This needs the role {string.Join(" or ", roles)}.");

    /// <summary>
    /// Null when the caller owns the resource (or, with <paramref name="adminMayAct"/>, is an admin);
    /// otherwise 403. Look the owner up from the resource itself, never from the request.
    /// </summary>
    public static IResult? RequireOwner(Caller caller, Guid ownerId, bool adminMayAct = false) =>
        caller.UserId == ownerId || (adminMayAct && caller.IsAdmin) ? null : Problems.Forbidden("This belongs to another user.");

    /// <summary>The token of an <c>Authorization: Bearer &lt;token&gt;</c> header (scheme case-insensitive), or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }

    /// <summary>
    /// Who is calling, for rate limits, sessions, region rules and the activity log: the connection's
    /// remote address (IPv4-mapped addresses unwrapped), the User-Agent capped in length, and the country
    /// from the edge's header, read only when NRSGIRLS_COUNTRY_HEADER names one (and only if it holds a
    /// two-letter code; anything else counts as unknown).
    /// </summary>
    public ClientInfo Client(HttpRequest request)
    {
        var ip = request.HttpContext.Connection.RemoteIpAddress;
        if (ip is { IsIPv4MappedToIPv6: true }) ip = ip.MapToIPv4();
        var agent = request.Headers.UserAgent.ToString();
        string? country = null;
        if (edge.CountryHeader is { } header && request.Headers[header].ToString() is { Length: 2 } c
            && char.IsAsciiLetter(c[0]) && char.IsAsciiLetter(c[1]))
            country = c.ToUpperInvariant();
        return new ClientInfo(ip?.ToString() ?? IPAddress.None.ToString(),
            agent.Length == 0 ? null : agent[..Math.Min(agent.Length, ActivityLog.MaxUserAgentLength)])
        {
            Country = country,
        };
    }
}
