using System.Net;
using Microsoft.AspNetCore.Http;
using NrsGirls.Shared.Accounts;

namespace NrsGirls.Functions.Http;

/// <summary>
/// The one authentication step of every signed-in HTTP function: reads <c>Authorization: Bearer</c> and
/// asks <see cref="SessionAuthenticator"/> for the caller. Call it first, before reading the body:
/// <code>
/// var (caller, problem) = await auth.AuthenticateAsync(request);
/// if (problem is not null) return problem;
/// </code>
/// Functions that may be called without a session are listed in <see cref="AnonymousFunctions"/>.
/// </summary>
public sealed class RequestAuth(SessionAuthenticator authenticator)
{
    /// <summary>The caller, or a problem: 401 (no, unknown, expired or revoked token) or 503 (Redis unreachable).</summary>
    public async Task<(Caller? Caller, IResult? Problem)> AuthenticateAsync(HttpRequest request)
    {
        var outcome = await authenticator.AuthenticateAsync(BearerToken(request));
        return outcome.IsOk ? (outcome.Value, null) : (null, Problems.From(outcome.Error!));
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
    /// Who is calling, for rate limits, sessions and the activity log: the connection's remote address
    /// (IPv4-mapped addresses unwrapped) and the User-Agent, capped in length.
    /// </summary>
    public static ClientInfo Client(HttpRequest request)
    {
        var ip = request.HttpContext.Connection.RemoteIpAddress;
        if (ip is { IsIPv4MappedToIPv6: true }) ip = ip.MapToIPv4();
        var agent = request.Headers.UserAgent.ToString();
        return new ClientInfo(ip?.ToString() ?? IPAddress.None.ToString(),
            agent.Length == 0 ? null : agent[..Math.Min(agent.Length, ActivityLog.MaxUserAgentLength)]);
    }
}
