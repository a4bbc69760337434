namespace NrsGirls.Shared.Security;

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
    /// <summary>ISO 3166-1 alpha-2 country from the trusted edge header, or null when unknown or not configured.</summary>
    public string? Country { get; init; }

    public static readonly ClientInfo Cli = new("cli", "nrsgirls");
}
