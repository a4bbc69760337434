namespace NrsGirls.Shared.Accounts;

/// <summary>The seed's roles (users.role CHECK).</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Dj = "dj";
    public const string Performer = "performer";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Dj, Performer, Admin];

    /// <summary>Roles anyone may pick at registration; admins are made by an operator with the CLI.</summary>
    public static readonly IReadOnlyList<string> SelfService = [Dj, Performer, Viewer];
}

/// <summary>The signed-in user behind a request, as the session says.</summary>
/// <param name="SessionId">The keyed hash of the bearer token: the session's Redis key suffix.</param>
public sealed record Caller(Guid UserId, string Role, string SessionId)
{
    public bool IsAdmin => Role == Roles.Admin;
}

/// <summary>Where a request came from, for rate limits, sessions and the activity log.</summary>
public sealed record ClientInfo(string IpAddress, string? UserAgent)
{
    public static readonly ClientInfo Cli = new("cli", "nrsgirls");
}
