namespace NrsGirls.Shared.Creators;

public sealed partial class CreatorsStore
{
    public sealed class HitRow
    {
        public Guid Id { get; init; }
        public string Type { get; init; } = "";
        public string StageName { get; init; } = "";
        public string? Bio { get; init; }
        public string? AvatarUrl { get; init; }
        public string[]? Genres { get; init; }
        public bool Verified { get; init; }
        public float Rank { get; init; }
        public CreatorHit ToHit() => new(Id, Type, StageName, Bio, AvatarUrl, Type == CreatorTypes.Dj ? Genres ?? [] : null, Verified, Rank);
    }

    /// <summary>What to search: the tsquery parts (see <see cref="CreatorSearch.Parse"/>) and the filters.</summary>
    public sealed record SearchQuery(string? Head, string? Prefix, string? Type, string? Genre);

    /// <summary>The tsquery expression for the parts that are present (an empty part would only raise a NOTICE).</summary>
    public static string TsQuery(SearchQuery q) => (q.Head, q.Prefix) switch
    {
        ({ }, { }) => "(websearch_to_tsquery('simple', @head) && to_tsquery('simple', @prefix))",
        ({ }, null) => "websearch_to_tsquery('simple', @head)",
        _ => "to_tsquery('simple', @prefix)",
    };

    /// <summary>
    /// The search statement. Each branch is a GIN bitmap scan of its profile table's search_vector (and of
    /// dj_profiles.genres for a genre); blocked performers drop out through <see cref="CreatorAccess.VisibleSql"/>.
    /// Ordered by (rank, id) descending; rank is ts_rank's float4, compared exactly with the float4 the
    /// cursor carries (written round-trip), so equal ranks page by id without skipping or repeating rows.
    /// </summary>
    public static string SearchSql(SearchQuery q)
    {
        var tsq = TsQuery(q);
        var dj = $"""
            select d.id, 'dj' as type, d.stage_name, d.bio, d.avatar_url, d.genres, d.verified_artist as verified,
                   ts_rank(d.search_vector, {tsq}) as rank
            from dj_profiles d
            where not exists (select 1 from users u where u.id = d.user_id and u.deleted_at is not null)
              and d.search_vector @@ {tsq} and (@genre::text is null or d.genres @> array[@genre::text])
            """;
        var performer = $"""
            select p.id, 'performer' as type, p.stage_name, p.bio, p.avatar_url, null::text[] as genres, p.verified_performer as verified,
                   ts_rank(p.search_vector, {tsq}) as rank
            from performer_profiles p
            where not exists (select 1 from users u where u.id = p.user_id and u.deleted_at is not null)
              and p.search_vector @@ {tsq} and {CreatorAccess.VisibleSql}
            """;
        var branches = (q.Type, q.Genre) switch
        {
            (CreatorTypes.Dj, _) or (_, { }) => dj,
            (CreatorTypes.Performer, _) => performer,
            _ => dj + "\nunion all\n" + performer,
        };
        return $"""
            select * from (
            {branches}
            ) h
            where @afterRank::real is null or (h.rank, h.id) < (@afterRank::real, @afterId::uuid)
            order by h.rank desc, h.id desc
            limit @take
            """;
    }

    public static object SearchArgs(SearchQuery q, Guid? viewerId, string? viewerCountry, float? afterRank, Guid? afterId, int take) =>
        new { head = q.Head, prefix = q.Prefix, genre = q.Genre, viewerId, viewerCountry, afterRank, afterId, take };

    public async Task<IReadOnlyList<HitRow>> SearchAsync(SearchQuery q, Guid? viewerId, string? viewerCountry, float? afterRank, Guid? afterId,
        int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<HitRow>(new CommandDefinition(SearchSql(q),
            SearchArgs(q, viewerId, viewerCountry, afterRank, afterId, limit + 1), cancellationToken: ct))).AsList();
    }
}
