namespace NrsGirls.Shared.Content;

/// <summary>The SQL of the tracks feature: tracks and track_likes.</summary>
public sealed class TrackStore(NpgsqlDataSource db)
{
    private const string Columns = """
        t.id, t.dj_id, d.user_id as owner_user_id, t.title, t.artist, t.album, t.genre, t.bpm, t.duration, t.file_size,
        t.file_format, t.file_url, t.waveform_data::text as waveform, t.scanned, t.scan_results::text as scan_results,
        t.play_count, t.like_count, t.upload_date, t.updated_at, t.deleted_at, t.file_deleted_at
        """;

    private const string From = "from tracks t join dj_profiles d on d.id = t.dj_id";

    /// <summary>The track, soft-deleted or not; null when there is no such row.</summary>
    public async Task<TrackRow?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<TrackRow>(new CommandDefinition(
            $"select {Columns} {From} where t.id = @id", new { id }, cancellationToken: ct));
    }

    public async Task InsertAsync(Guid id, Guid djId, TrackInput input, string fileUrl, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into tracks (id, dj_id, title, artist, album, genre, bpm, file_url)
            values (@id, @djId, @title, @artist, @album, @genre, @bpm, @fileUrl)
            """, new { id, djId, title = input.Title, artist = input.Artist, album = input.Album, genre = input.Genre, bpm = input.Bpm, fileUrl },
            cancellationToken: ct));
    }

    /// <summary>Changes the fields that are set; false when the track is gone or deleted.</summary>
    public async Task<bool> UpdateAsync(Guid id, TrackPatch p, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            update tracks set
                title = case when @setTitle then @title else title end,
                artist = case when @setArtist then @artist else artist end,
                album = case when @setAlbum then @album else album end,
                genre = case when @setGenre then @genre else genre end,
                bpm = case when @setBpm then @bpm else bpm end
            where id = @id and deleted_at is null
            """, new
        {
            id, setTitle = p.Title.Set, title = p.Title.Value, setArtist = p.Artist.Set, artist = p.Artist.Value,
            setAlbum = p.Album.Set, album = p.Album.Value, setGenre = p.Genre.Set, genre = p.Genre.Value, setBpm = p.Bpm.Set, bpm = p.Bpm.Value,
        }, cancellationToken: ct)) == 1;
    }

    /// <summary>Soft delete; false when already deleted or missing.</summary>
    public async Task<bool> SoftDeleteAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "update tracks set deleted_at = now() where id = @id and deleted_at is null", new { id }, cancellationToken: ct)) == 1;
    }

    /// <summary>A DJ's tracks, newest first, after the keyset position; unscanned ones only when <paramref name="withUnscanned"/>.</summary>
    public async Task<IReadOnlyList<TrackRow>> ListForDjAsync(Guid djId, bool withUnscanned, DateTime? afterDate, Guid afterId, int take, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<TrackRow>(new CommandDefinition($"""
            select {Columns} {From}
            where t.dj_id = @djId and t.deleted_at is null and (t.scanned or @withUnscanned)
              and (@afterDate::timestamptz is null or (t.upload_date, t.id) < (@afterDate, @afterId))
            order by t.upload_date desc, t.id desc
            limit @take
            """, new { djId, withUnscanned, afterDate, afterId, take }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Full-text search over title (weight A), artist and album (B) of scanned, visible tracks, ranked by
    /// ts_rank then id (keyset on both, so equal ranks page correctly). The last word matches as a prefix.
    /// </summary>
    public async Task<IReadOnlyList<TrackSearchRow>> SearchAsync(string words, string prefix, string? genre,
        float? afterRank, Guid afterId, int take, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<TrackSearchRow>(new CommandDefinition(SearchSql, new { words, prefix, genre, afterRank, afterId, take }, cancellationToken: ct))).AsList();
    }

    /// <summary>The search query (public so the benchmark EXPLAINs exactly this text). Binds @words, @prefix, @genre, @afterRank, @afterId, @take.</summary>
    public const string SearchSql = $"""
            with q as (select websearch_to_tsquery('simple', @words) && to_tsquery('simple', @prefix) as query)
            select s.* from (
                select {Columns}, ts_rank(t.search_vector, q.query) as rank
                {From} join users u on u.id = d.user_id and u.deleted_at is null
                cross join q
                where t.search_vector @@ q.query and t.deleted_at is null and t.scanned
                  and (@genre::text is null or t.genre = @genre)
            ) s
            where @afterRank::real is null or s.rank < @afterRank or (s.rank = @afterRank and s.id > @afterId)
            order by s.rank desc, s.id
            limit @take
            """;

    /// <summary>Marks the track's file as queued for a scan.</summary>
    public async Task<bool> MarkQueuedAsync(Guid id, TrackScanResults queued, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            update tracks set scanned = false, scan_results = @results::jsonb where id = @id and deleted_at is null
            """, new { id, results = queued.ToJson() }, cancellationToken: ct)) == 1;
    }

    /// <summary>Writes an accepted scan: the file's facts, its waveform, and scanned = true.</summary>
    public async Task<bool> SaveAcceptedAsync(Guid id, int duration, long fileSize, string format, IReadOnlyList<double> waveform,
        TrackScanResults results, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            update tracks set duration = @duration, file_size = @fileSize, file_format = @format, waveform_data = @waveform::jsonb,
                              scanned = true, scan_results = @results::jsonb
            where id = @id and deleted_at is null
            """, new { id, duration, fileSize, format, waveform = JsonSerializer.Serialize(waveform), results = results.ToJson() },
            cancellationToken: ct)) == 1;
    }

    /// <summary>Writes a refused scan: no file facts (the file is unusable), scanned = false, the reason in scan_results.</summary>
    public async Task<bool> SaveRejectedAsync(Guid id, TrackScanResults results, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            update tracks set duration = null, file_size = null, file_format = null, waveform_data = null,
                              scanned = false, scan_results = @results::jsonb
            where id = @id and deleted_at is null
            """, new { id, results = results.ToJson() }, cancellationToken: ct)) == 1;
    }

    /// <summary>Soft-deleted tracks whose blob is still to be deleted, oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> PendingFileDeletionsAsync(int take, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Guid>(new CommandDefinition("""
            select id from tracks where deleted_at is not null and file_deleted_at is null order by deleted_at limit @take
            """, new { take }, cancellationToken: ct))).AsList();
    }

    public async Task MarkFileDeletedAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update tracks set file_deleted_at = now() where id = @id and deleted_at is not null and file_deleted_at is null",
            new { id }, cancellationToken: ct));
    }

    /// <summary>One like per user: inserts it and adds one to like_count in the same statement, or changes nothing.</summary>
    public async Task<int> LikeAsync(Guid id, Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            with ins as (
                insert into track_likes (track_id, user_id) values (@id, @userId) on conflict do nothing returning 1
            ), upd as (
                update tracks set like_count = like_count + 1 where id = @id and exists (select from ins) returning like_count
            )
            select coalesce((select like_count from upd), (select like_count from tracks where id = @id))
            """, new { id, userId }, cancellationToken: ct));
    }

    /// <summary>Removes the like and takes one from like_count in the same statement, or changes nothing.</summary>
    public async Task<int> UnlikeAsync(Guid id, Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            with del as (
                delete from track_likes where track_id = @id and user_id = @userId returning 1
            ), upd as (
                update tracks set like_count = like_count - 1 where id = @id and exists (select from del) returning like_count
            )
            select coalesce((select like_count from upd), (select like_count from tracks where id = @id))
            """, new { id, userId }, cancellationToken: ct));
    }

    /// <summary>Counts a play of a scanned, not deleted track; null when there is none.</summary>
    public async Task<int?> CountPlayAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
            "update tracks set play_count = play_count + 1 where id = @id and scanned and deleted_at is null returning play_count",
            new { id }, cancellationToken: ct));
    }
}

/// <summary>A tracks row with its DJ's owning user.</summary>
public class TrackRow
{
    public Guid Id { get; init; }
    public Guid DjId { get; init; }
    public Guid OwnerUserId { get; init; }
    public string Title { get; init; } = "";
    public string? Artist { get; init; }
    public string? Album { get; init; }
    public string? Genre { get; init; }
    public int? Bpm { get; init; }
    public int? Duration { get; init; }
    public long? FileSize { get; init; }
    public string? FileFormat { get; init; }
    public string FileUrl { get; init; } = "";
    public string? Waveform { get; init; }
    public bool Scanned { get; init; }
    public string? ScanResults { get; init; }
    public int PlayCount { get; init; }
    public int LikeCount { get; init; }
    public DateTime UploadDate { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? DeletedAt { get; init; }
    public DateTime? FileDeletedAt { get; init; }

    public TrackScanResults? Scan => TrackScanResults.FromJson(ScanResults);

    public TrackView ToView() => new(Id, DjId, Title, Artist, Album, Genre, Bpm, Duration, FileSize, FileFormat, FileUrl,
        Waveform is null ? null : JsonSerializer.Deserialize<double[]>(Waveform), Scanned, Scan, PlayCount, LikeCount,
        new DateTimeOffset(DateTime.SpecifyKind(UploadDate, DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc)));
}

/// <summary>A search hit with its ts_rank.</summary>
public sealed class TrackSearchRow : TrackRow
{
    public float Rank { get; init; }
}
