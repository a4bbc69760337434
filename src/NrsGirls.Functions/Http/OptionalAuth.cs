using Microsoft.AspNetCore.Http;
using NrsGirls.Shared.Security;

namespace NrsGirls.Functions.Http;

/// <summary>The caller of a function open to anonymous callers: null without a token, a problem for a bad token.</summary>
public readonly record struct MaybeSignedIn(Caller? Caller, IResult? Problem)
{
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Problem))]
    public bool IsOk => Problem is null;
}

public static class OptionalAuth
{
    /// <summary>
    /// For functions listed in <see cref="AnonymousFunctions"/> that treat signed-in callers differently:
    /// no Authorization header means anonymous; a header that does not authenticate is 401 (a client that
    /// meant to sign in must not be silently treated as a stranger).
    /// </summary>
    public static async Task<MaybeSignedIn> AuthenticateOptionalAsync(this RequestAuth auth, HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.Headers.Authorization.ToString())) return new MaybeSignedIn(null, null);
        var who = await auth.AuthenticateAsync(request);
        return new MaybeSignedIn(who.Caller, who.Problem);
    }
}
