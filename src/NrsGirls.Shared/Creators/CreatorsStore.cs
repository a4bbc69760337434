namespace NrsGirls.Shared.Creators;

/// <summary>
/// The creators feature's SQL: profiles and privacy here, follows in CreatorsStore.Follows.cs, search in
/// CreatorsStore.Search.cs. DJ and performer profiles share one row shape (type-specific columns null
/// for the other type) so services handle both alike.
/// </summary>
public sealed partial class CreatorsStore(NpgsqlDataSource db)
{
    /// <summary>A profile row of either table.</summary>
    public sealed class ProfileRow
    {
        public Guid Id { get; init; }
        public string Type { get; init; } = "";
        public Guid UserId { get; init; }
        public string StageName { get; init; } = "";
        public string? Bio { get; init; }
        public string[]? Genres { get; init; }
        public string? AvatarUrl { get; init; }
        public string? BannerUrl { get; init; }
        public decimal? Rating { get; init; }
        public decimal TotalEarnings { get; init; }
        public int FollowerCount { get; init; }
        public int StreamCount { get; init; }
        public int TotalViews { get; init; }
        public bool Verified { get; init; }
        public string? SocialLinks { get; init; }
        public string? PrivacySettings { get; init; }
        public string[]? BlockedRegions { get; init; }
        public Guid[]? BlockedUsers { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        /// <summary>What <see cref="CreatorAccess.MaySee"/> reads of this profile (the row already carries it).</summary>
        public CreatorAccess.AccessRow Access() => new()
        {
            Id = Id, Type = Type, UserId = UserId, StageName = StageName, BlockedRegions = BlockedRegions, BlockedUsers = BlockedUsers,
        };

        /// <summary>The API view; <paramref name="privileged"/> (owner or admin) adds money and privacy fields.</summary>
        public CreatorProfile ToProfile(bool privileged)
        {
            var isDj = Type == CreatorTypes.Dj;
            var privacy = isDj ? null : Creators.PrivacySettings.FromJson(PrivacySettings);
            return new CreatorProfile(Id, Type, UserId, StageName, Bio, isDj ? Genres ?? [] : null, AvatarUrl, BannerUrl, Json(SocialLinks),
                isDj ? Rating : null, privileged || privacy is null || privacy.ShowFollowerCount ? FollowerCount : null, StreamCount, TotalViews,
                isDj ? Verified : null, isDj ? null : Verified, Utc(CreatedAt), Utc(UpdatedAt),
                privileged ? TotalEarnings : null, privileged ? privacy : null,
                privileged && !isDj ? BlockedRegions ?? [] : null, privileged && !isDj ? BlockedUsers ?? [] : null);
        }
    }

    public static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static JsonElement? Json(string? json)
    {
        if (json is null) return null;
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private const string DjColumns = """
        d.id, 'dj' as type, d.user_id, d.stage_name, d.bio, d.genres, d.avatar_url, d.banner_url, d.rating, d.total_earnings,
        d.follower_count, d.stream_count, d.total_views, d.verified_artist as verified, d.social_links::text as social_links,
        null::text as privacy_settings, null::text[] as blocked_regions, null::uuid[] as blocked_users, d.created_at, d.updated_at
        """;

    private const string PerformerColumns = """
        p.id, 'performer' as type, p.user_id, p.stage_name, p.bio, null::text[] as genres, p.avatar_url, p.banner_url, null::numeric as rating,
        p.total_earnings, p.follower_count, p.stream_count, p.total_views, p.verified_performer as verified,
        p.social_links::text as social_links, p.privacy_settings::text as privacy_settings, p.blocked_regions, p.blocked_users,
        p.created_at, p.updated_at
        """;

    /// <summary>The profile of <paramref name="type"/> with this id, or null (also when its account is deleted).</summary>
    public async Task<ProfileRow?> GetAsync(Guid id, string type, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var sql = type == CreatorTypes.Dj
            ? $"select {DjColumns} from dj_profiles d join users u on u.id = d.user_id and u.deleted_at is null where d.id = @id"
            : $"select {PerformerColumns} from performer_profiles p join users u on u.id = p.user_id and u.deleted_at is null where p.id = @id";
        return await conn.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition(sql, new { id }, cancellationToken: ct));
    }

    /// <summary>Inserts the caller's profile; null when the user already has one of this type (unique user_id).</summary>
    public async Task<ProfileRow?> InsertAsync(Guid userId, string type, ProfileChanges c, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var sql = type == CreatorTypes.Dj
            ? $"""
              insert into dj_profiles as d (user_id, stage_name, bio, genres, avatar_url, banner_url, social_links)
              values (@userId, @StageName, @Bio, @Genres, @AvatarUrl, @BannerUrl, @SocialLinksJson::jsonb)
              on conflict (user_id) do nothing
              returning {DjColumns}
              """
            : $"""
              insert into performer_profiles as p (user_id, stage_name, bio, avatar_url, banner_url, social_links)
              values (@userId, @StageName, @Bio, @AvatarUrl, @BannerUrl, @SocialLinksJson::jsonb)
              on conflict (user_id) do nothing
              returning {PerformerColumns}
              """;
        return await conn.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition(sql,
            new { userId, c.StageName, c.Bio, c.Genres, c.AvatarUrl, c.BannerUrl, c.SocialLinksJson }, cancellationToken: ct));
    }

    /// <summary>Applies the fields that were sent; null when the profile is gone.</summary>
    public async Task<ProfileRow?> UpdateAsync(Guid id, string type, ProfileChanges c, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var sql = type == CreatorTypes.Dj
            ? $"""
              update dj_profiles d set
                  stage_name = case when @SetStageName then @StageName else stage_name end,
                  bio = case when @SetBio then @Bio else bio end,
                  genres = case when @SetGenres then @Genres::text[] else genres end,
                  avatar_url = case when @SetAvatarUrl then @AvatarUrl else avatar_url end,
                  banner_url = case when @SetBannerUrl then @BannerUrl else banner_url end,
                  social_links = case when @SetSocialLinks then @SocialLinksJson::jsonb else social_links end
              where d.id = @id
              returning {DjColumns}
              """
            : $"""
              update performer_profiles p set
                  stage_name = case when @SetStageName then @StageName else stage_name end,
                  bio = case when @SetBio then @Bio else bio end,
                  avatar_url = case when @SetAvatarUrl then @AvatarUrl else avatar_url end,
                  banner_url = case when @SetBannerUrl then @BannerUrl else banner_url end,
                  social_links = case when @SetSocialLinks then @SocialLinksJson::jsonb else social_links end
              where p.id = @id
              returning {PerformerColumns}
              """;
        return await conn.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition(sql, new
        {
            id, c.SetStageName, c.StageName, c.SetBio, c.Bio, c.SetGenres, c.Genres, c.SetAvatarUrl, c.AvatarUrl,
            c.SetBannerUrl, c.BannerUrl, c.SetSocialLinks, c.SocialLinksJson,
        }, cancellationToken: ct));
    }

    /// <summary>Sets verified_artist (DJ) or verified_performer (performer).</summary>
    public async Task<ProfileRow?> SetVerifiedAsync(Guid id, string type, bool verified, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var sql = type == CreatorTypes.Dj
            ? $"update dj_profiles d set verified_artist = @verified where d.id = @id returning {DjColumns}"
            : $"update performer_profiles p set verified_performer = @verified where p.id = @id returning {PerformerColumns}";
        return await conn.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition(sql, new { id, verified }, cancellationToken: ct));
    }

    /// <summary>Replaces a performer's privacy_settings and blocked_regions.</summary>
    public async Task<ProfileRow?> ReplacePrivacyAsync(Guid id, PrivacySettings settings, string[] regions, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition($"""
            update performer_profiles p set privacy_settings = @settings::jsonb, blocked_regions = @regions
            where p.id = @id
            returning {PerformerColumns}
            """, new { id, settings = settings.ToJson(), regions }, cancellationToken: ct));
    }

    public async Task<bool> UserExistsAsync(Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from users where id = @userId and deleted_at is null)", new { userId }, cancellationToken: ct));
    }

    public enum BlockOutcome { Blocked, AlreadyBlocked, LimitReached, ProfileGone }

    /// <summary>
    /// Adds a user to a performer's blocked_users and, in the same transaction, ends that user's follow
    /// (the counter drops with it). The profile row is locked first, as follows do, so a follow racing the
    /// block either lands before it (and is removed) or sees the block.
    /// </summary>
    public async Task<BlockOutcome> BlockUserAsync(Guid id, Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var blocked = await conn.QuerySingleOrDefaultAsync<Guid[]?>(new CommandDefinition(
            "select coalesce(blocked_users, '{}') from performer_profiles where id = @id for update", new { id }, tx, cancellationToken: ct));
        if (blocked is null) return BlockOutcome.ProfileGone;
        if (blocked.Contains(userId)) return BlockOutcome.AlreadyBlocked;
        if (blocked.Length >= CreatorLimits.MaxBlockedUsers) return BlockOutcome.LimitReached;
        await conn.ExecuteAsync(new CommandDefinition("""
            with gone as (
                delete from follows where follower_id = @userId and following_id = @id and following_type = 'performer' returning 1
            )
            update performer_profiles
            set blocked_users = array_append(coalesce(blocked_users, '{}'), @userId),
                follower_count = follower_count - (select count(*) from gone)
            where id = @id
            """, new { id, userId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return BlockOutcome.Blocked;
    }

    /// <summary>Removes a user from blocked_users; false when they were not blocked.</summary>
    public async Task<bool> UnblockUserAsync(Guid id, Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            update performer_profiles set blocked_users = array_remove(blocked_users, @userId)
            where id = @id and @userId = any(blocked_users)
            """, new { id, userId }, cancellationToken: ct)) == 1;
    }
}
