using NrsGirls.Shared.Content;

namespace NrsGirls.Cli.Database;

public sealed record SeedResult(string Part, int Added);

/// <summary>
/// Development seed data (`nrsgirls db seed`): users of every role with documented passwords, DJ and
/// performer profiles, tracks, streams in every status, follows, reports and default settings. Ids are derived
/// from names and every insert is ON CONFLICT DO NOTHING, so the seed is deterministic and a second run
/// adds nothing.
/// </summary>
public sealed class Seeder(NpgsqlDataSource db, Func<string, string> hashPassword)
{
    /// <summary>The development password of every seeded account. Local use only.</summary>
    public const string DevPassword = "nrsgirls-dev-password";

    public static readonly IReadOnlyList<(string Key, string Email, string Role)> Users =
    [
        ("admin", "admin@nrsgirls.local", "admin"),
        ("dj1", "dj.nova@nrsgirls.local", "dj"),
        ("dj2", "dj.pulse@nrsgirls.local", "dj"),
        ("dj3", "dj.echo@nrsgirls.local", "dj"),
        ("performer1", "luna@nrsgirls.local", "performer"),
        ("performer2", "ivy@nrsgirls.local", "performer"),
        ("viewer1", "viewer.one@nrsgirls.local", "viewer"),
        ("viewer2", "viewer.two@nrsgirls.local", "viewer"),
        ("viewer3", "viewer.three@nrsgirls.local", "viewer"),
    ];

    private static readonly (string Key, string Stage, string Bio, string[] Genres)[] Djs =
    [
        ("dj1", "DJ Nova", "Deep house and amapiano from sunset to sunrise.", ["deep-house", "amapiano"]),
        ("dj2", "Pulse", "Peak-time techno, hard grooves, no small talk.", ["techno", "tech-house"]),
        ("dj3", "Echo Chamber", "Drum and bass rollers and liquid sessions.", ["drum-and-bass", "ambient"]),
    ];

    private static readonly (string Key, string Stage, string Bio)[] Performers =
    [
        ("performer1", "Luna", "Live vocals and loop-station sets."),
        ("performer2", "Ivy", "Dance performances and fitness streams."),
    ];

    public static Guid UserId(string key) => DeterministicId.From("user:" + key);
    public static Guid DjId(string key) => DeterministicId.From("dj:" + key);
    public static Guid PerformerId(string key) => DeterministicId.From("performer:" + key);

    public async Task<IReadOnlyList<SeedResult>> SeedAsync(string part, CancellationToken ct = default)
    {
        var results = new List<SeedResult>();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tracks and streams belong to seeded creators, so every part seeds the users first.
        results.Add(new("users", await SeedUsersAsync(conn, tx, ct)));
        if (part is "all" or "tracks") results.Add(new("tracks", await SeedTracksAsync(conn, tx, ct)));
        if (part is "all" or "streams") results.Add(new("streams", await SeedStreamsAsync(conn, tx, ct)));
        if (part is "all") results.Add(new("follows", await SeedFollowsAsync(conn, tx, ct)));
        if (part is "all") results.Add(new("reports", await SeedReportsAsync(conn, tx, ct)));
        await tx.CommitAsync(ct);
        return results;
    }

    private async Task<int> SeedUsersAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        var existing = (await c.QueryAsync<string>(new CommandDefinition(
            "select lower(email) from users where lower(email) = any(@emails)",
            new { emails = Users.Select(u => u.Email).ToArray() }, tx, cancellationToken: ct))).ToHashSet();
        // Hash only for new accounts: bcrypt is deliberately slow.
        var fresh = Users.Where(u => !existing.Contains(u.Email)).ToList();
        var hash = fresh.Count > 0 ? hashPassword(DevPassword) : "";
        var added = await c.ExecuteAsync(new CommandDefinition("""
            insert into users (id, email, password_hash, role, verified)
            select id, email, @hash, role, true from unnest(@ids, @emails, @roles) as u(id, email, role)
            on conflict do nothing
            """, new { hash, ids = fresh.Select(u => UserId(u.Key)).ToArray(), emails = fresh.Select(u => u.Email).ToArray(), roles = fresh.Select(u => u.Role).ToArray() },
            tx, cancellationToken: ct));

        await c.ExecuteAsync(new CommandDefinition("""
            insert into user_settings (user_id) select unnest(@ids) on conflict (user_id) do nothing
            """, new { ids = Users.Select(u => UserId(u.Key)).ToArray() }, tx, cancellationToken: ct));

        foreach (var (key, stage, bio, genres) in Djs)
            await c.ExecuteAsync(new CommandDefinition("""
                insert into dj_profiles (id, user_id, stage_name, bio, genres, verified_artist, social_links)
                values (@id, @userId, @stage, @bio, @genres, true, '{"instagram": "", "twitter": ""}')
                on conflict do nothing
                """, new { id = DjId(key), userId = UserId(key), stage, bio, genres }, tx, cancellationToken: ct));
        foreach (var (key, stage, bio) in Performers)
            await c.ExecuteAsync(new CommandDefinition("""
                insert into performer_profiles (id, user_id, stage_name, bio, privacy_settings, blocked_regions)
                values (@id, @userId, @stage, @bio, '{"showFollowerCount": true, "allowPrivateShows": true}', '{}')
                on conflict do nothing
                """, new { id = PerformerId(key), userId = UserId(key), stage, bio }, tx, cancellationToken: ct));
        return added;
    }

    private static async Task<int> SeedTracksAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        var added = 0;
        foreach (var (key, stage, _, genres) in Djs)
            for (var n = 1; n <= 4; n++)
            {
                var genre = genres[n % genres.Length];
                // No file facts here: TrackAudioSeeder uploads real audio afterwards and the scan job fills them in.
                var id = DeterministicId.From($"track:{key}:{n}");
                added += await c.ExecuteAsync(new CommandDefinition("""
                    insert into tracks (id, dj_id, title, artist, genre, bpm, file_url, copyright_status)
                    values (@id, @djId, @title, @artist, @genre, @bpm, @fileUrl, 'original')
                    on conflict do nothing
                    """, new
                {
                    id, djId = DjId(key), title = $"{stage} Session {n}", artist = stage, genre, bpm = 110 + n * 8, fileUrl = $"tracks/{id:D}",
                }, tx, cancellationToken: ct));
            }
        return added;
    }

    private static async Task<int> SeedStreamsAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var rows = new (string Key, Guid Creator, string Type, string Title, string Status, DateTime Start, DateTime? End, DateTime? Scheduled, string Category)[]
        {
            ("s1", DjId("dj1"), "dj", "Sunset deep house", "live", now.AddMinutes(-40), null, null, "dj-set"),
            ("s2", DjId("dj2"), "dj", "Warehouse techno night", "scheduled", now.AddDays(2), null, now.AddDays(2), "dj-set"),
            ("s3", DjId("dj3"), "dj", "Liquid rollers", "ended", now.AddDays(-3), now.AddDays(-3).AddHours(2), null, "dj-set"),
            ("s4", PerformerId("performer1"), "performer", "Loop station live", "live", now.AddMinutes(-15), null, null, "live-performance"),
            ("s5", PerformerId("performer2"), "performer", "Morning dance workout", "cancelled", now.AddDays(-1), null, now.AddDays(-1), "fitness"),
        };
        var added = 0;
        foreach (var s in rows)
            added += await c.ExecuteAsync(new CommandDefinition("""
                insert into streams (id, creator_id, creator_type, title, description, category, tags, status, start_time, end_time, scheduled_start,
                                     peak_viewers, total_views)
                values (@id, @creator, @type, @title, @description, @category, @tags, @status, @start, @end, @scheduled,
                        case when @status = 'ended' then 120 else 0 end, case when @status = 'ended' then 480 else 0 end)
                on conflict do nothing
                """, new
            {
                id = DeterministicId.From("stream:" + s.Key), creator = s.Creator, type = s.Type, title = s.Title, description = $"{s.Title} on NrsGirls.",
                category = s.Category, tags = new[] { s.Category, Catalog.Genres[s.Key[1] % Catalog.Genres.Count] }, status = s.Status,
                start = s.Start, end = s.End, scheduled = s.Scheduled,
            }, tx, cancellationToken: ct));
        return added;
    }

    private static async Task<int> SeedFollowsAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        var added = await c.ExecuteAsync(new CommandDefinition("""
            insert into follows (follower_id, following_id, following_type)
            select v.id, p.id, p.type
            from unnest(@viewers) as v(id)
            cross join (select id, 'dj' as type from dj_profiles where id = any(@djs)
                        union all select id, 'performer' from performer_profiles where id = any(@performers)) p
            on conflict do nothing
            """, new
        {
            viewers = new[] { UserId("viewer1"), UserId("viewer2") },
            djs = Djs.Select(d => DjId(d.Key)).ToArray(),
            performers = Performers.Select(p => PerformerId(p.Key)).ToArray(),
        }, tx, cancellationToken: ct));
        // Keep the denormalised follower counters true to the follows table.
        await c.ExecuteAsync(new CommandDefinition("""
            update dj_profiles d set follower_count = (select count(*) from follows f where f.following_id = d.id and f.following_type = 'dj')
            where d.id = any(@djs);
            update performer_profiles p set follower_count = (select count(*) from follows f where f.following_id = p.id and f.following_type = 'performer')
            where p.id = any(@performers);
            """, new { djs = Djs.Select(d => DjId(d.Key)).ToArray(), performers = Performers.Select(p => PerformerId(p.Key)).ToArray() }, tx, cancellationToken: ct));
        return added;
    }

    /// <summary>Two reports for the moderation queue: one pending, one already resolved by the admin.</summary>
    private static async Task<int> SeedReportsAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition("""
            insert into reports (id, reporter_id, reported_user_id, report_type, description, status, reviewed_by, reviewed_at, resolution_notes)
            values (@pending, @viewer3, @dj2, 'spam', 'Posts the same promo link in every chat.', 'pending', null, null, null),
                   (@resolved, @viewer2, @performer2, 'harassment', 'Rude replies in chat.', 'resolved', @admin, now(), 'Warned; no repeat since.')
            on conflict do nothing
            """, new
        {
            pending = DeterministicId.From("report:1"), resolved = DeterministicId.From("report:2"),
            viewer3 = UserId("viewer3"), viewer2 = UserId("viewer2"), dj2 = UserId("dj2"), performer2 = UserId("performer2"), admin = UserId("admin"),
        }, tx, cancellationToken: ct));
}
