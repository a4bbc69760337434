namespace NrsGirls.Shared.Creators;

/// <summary>The seed's creator types (creator_type / following_type CHECKs).</summary>
public static class CreatorTypes
{
    public const string Dj = "dj";
    public const string Performer = "performer";
    public static readonly IReadOnlyList<string> All = [Dj, Performer];
}

/// <summary>A creator profile as other features refer to it: the profile id with its type, and the owning account.</summary>
public sealed record CreatorRef(Guid Id, string Type, Guid OwnerUserId, string StageName)
{
    public bool IsOwnedBy(Caller? caller) => caller is not null && caller.UserId == OwnerUserId;
}

/// <summary>
/// THE check "may this caller see this creator", called by profiles, tracks, streams, chat, follows,
/// tips, subscriptions and private shows alike. A creator is invisible (404, never 403: the answer must
/// not reveal that a block exists) when its account is gone, when the caller's user id is in the
/// performer's blocked_users, or when the caller's country (from the trusted edge header, see
/// <see cref="ClientInfo.Country"/>) is in its blocked_regions. The owner and admins always see it.
/// Lists filter in SQL with <see cref="VisibleSql"/> instead of calling this per row.
/// </summary>
public sealed class CreatorAccess(NpgsqlDataSource db)
{
    public static readonly ServiceError CreatorNotFound = new(ErrorKind.NotFound, "creator_not_found", "The creator was not found.");

    /// <summary>
    /// A WHERE fragment that is true when performer profile alias <c>p</c> may be seen by the caller; it
    /// binds <c>@viewerId</c> (uuid or null) and <c>@viewerCountry</c> (text or null). Use it in every
    /// list that shows performers or their content (LEFT JOIN performer_profiles p … where the row is a
    /// performer's; for a DJ's row p is null and the fragment is true).
    /// </summary>
    public const string VisibleSql = """
        (p.id is null
         or not (coalesce(@viewerId::uuid = any(p.blocked_users), false)
                 or coalesce(@viewerCountry::text = any(p.blocked_regions), false)))
        """;

    /// <summary>The creator, if <paramref name="caller"/> (null: anonymous) from <paramref name="client"/> may see it; otherwise 404 creator_not_found.</summary>
    public async Task<Outcome<CreatorRef>> FindVisibleAsync(Guid creatorId, Caller? caller, ClientInfo client, CancellationToken ct)
    {
        var row = await FindAsync(creatorId, ct);
        if (row is null) return CreatorNotFound;
        return MaySee(row, caller, client.Country) ? row.ToRef() : CreatorNotFound;
    }

    /// <summary>As <see cref="FindVisibleAsync"/>, for a creator whose type the route already says (djs/{id}, performers/{id}).</summary>
    public async Task<Outcome<CreatorRef>> FindVisibleAsync(Guid creatorId, string type, Caller? caller, ClientInfo client, CancellationToken ct)
    {
        var found = await FindVisibleAsync(creatorId, caller, client, ct);
        return found.IsOk && found.Value.Type != type ? CreatorNotFound : found;
    }

    /// <summary>The creator profile owned by a user, if any (a user has at most one).</summary>
    public async Task<CreatorRef?> FindByOwnerAsync(Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<AccessRow>(new CommandDefinition($"""
            {Select} where d.user_id = @userId
            union all
            {SelectPerformer} where p.user_id = @userId
            limit 1
            """, new { userId }, cancellationToken: ct));
        return row?.ToRef();
    }

    /// <summary>The decision itself, for callers that already hold the row (and for plain tests).</summary>
    public static bool MaySee(AccessRow creator, Caller? caller, string? country)
    {
        if (caller is not null && (caller.IsAdmin || caller.UserId == creator.UserId)) return true;
        if (caller is not null && creator.BlockedUsers is { } users && users.Contains(caller.UserId)) return false;
        if (country is not null && creator.BlockedRegions is { } regions && regions.Contains(country, StringComparer.Ordinal)) return false;
        return true;
    }

    private async Task<AccessRow?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<AccessRow>(new CommandDefinition($"""
            {Select} where d.id = @id
            union all
            {SelectPerformer} where p.id = @id
            """, new { id }, cancellationToken: ct));
    }

    private const string Select = """
        select d.id, 'dj' as type, d.user_id, d.stage_name, null::text[] as blocked_regions, null::uuid[] as blocked_users
        from dj_profiles d join users u on u.id = d.user_id and u.deleted_at is null
        """;

    private const string SelectPerformer = """
        select p.id, 'performer', p.user_id, p.stage_name, p.blocked_regions, p.blocked_users
        from performer_profiles p join users u on u.id = p.user_id and u.deleted_at is null
        """;

    /// <summary>What the check reads of a profile.</summary>
    public sealed class AccessRow
    {
        public Guid Id { get; init; }
        public string Type { get; init; } = "";
        public Guid UserId { get; init; }
        public string StageName { get; init; } = "";
        public string[]? BlockedRegions { get; init; }
        public Guid[]? BlockedUsers { get; init; }
        public CreatorRef ToRef() => new(Id, Type, UserId, StageName);
    }
}
