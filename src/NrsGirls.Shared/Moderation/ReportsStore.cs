namespace NrsGirls.Shared.Moderation;

/// <summary>The reports feature's SQL.</summary>
public sealed class ReportsStore(NpgsqlDataSource db)
{
    public sealed class ReportRow
    {
        public Guid Id { get; init; }
        public Guid ReporterId { get; init; }
        public Guid? ReportedUserId { get; init; }
        public Guid? ReportedStreamId { get; init; }
        public string? ReportedMessageId { get; init; }
        public string ReportType { get; init; } = "";
        public string Description { get; init; } = "";
        public string Status { get; init; } = "";
        public Guid? ReviewedBy { get; init; }
        public DateTime? ReviewedAt { get; init; }
        public string? ResolutionNotes { get; init; }
        public DateTime CreatedAt { get; init; }

        public Report ToReport() => new(Id, ReporterId, ReportedUserId, ReportedStreamId, ReportedMessageId, ReportType, Description, Status,
            ReviewedBy, ReviewedAt is { } at ? Utc(at) : null, ResolutionNotes, Utc(CreatedAt));
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private const string Columns = """
        id, reporter_id, reported_user_id, reported_stream_id, reported_message_id, report_type, description, status,
        reviewed_by, reviewed_at, resolution_notes, created_at
        """;

    public async Task<bool> UserExistsAsync(Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from users where id = @userId and deleted_at is null)", new { userId }, cancellationToken: ct));
    }

    /// <summary>The account that owns a stream's creator profile (null: the stream does not exist; Guid.Empty: its creator is gone).</summary>
    public async Task<Guid?> StreamOwnerAsync(Guid streamId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            select coalesce(d.user_id, p.user_id, '00000000-0000-0000-0000-000000000000'::uuid)
            from streams s
            left join dj_profiles d on s.creator_type = 'dj' and d.id = s.creator_id
            left join performer_profiles p on s.creator_type = 'performer' and p.id = s.creator_id
            where s.id = @streamId
            """, new { streamId }, cancellationToken: ct));
    }

    /// <summary>Inserts a pending report; null when the reporter already has an open one on the target (uq_reports_open_per_target).</summary>
    public async Task<ReportRow?> InsertAsync(Guid reporterId, NewReport r, string description, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ReportRow>(new CommandDefinition($"""
            insert into reports (reporter_id, reported_user_id, reported_stream_id, reported_message_id, report_type, description)
            values (@reporterId, @ReportedUserId, @ReportedStreamId, @ReportedMessageId, @ReportType, @description)
            on conflict (reporter_id, reported_user_id, reported_stream_id, reported_message_id) where status in ('pending', 'reviewing')
            do nothing
            returning {Columns}
            """, new { reporterId, r.ReportedUserId, r.ReportedStreamId, r.ReportedMessageId, r.ReportType, description }, cancellationToken: ct));
    }

    /// <summary>The notification key of a report's decision (resolved or dismissed), one per report and outcome.</summary>
    public static string DecisionEventKey(Guid id, string status) => $"report:{id:N}:{status}";

    /// <summary>
    /// Moves a report from <paramref name="from"/> to <paramref name="to"/> if it is still there; a final
    /// decision also tells the reporter, through the notification outbox in the same transaction.
    /// </summary>
    public async Task<ReportRow?> TransitionAsync(Guid id, string from, string to, Guid reviewer, string? notes, DateTime at, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ReportRow>(new CommandDefinition($"""
            update reports set status = @to, reviewed_by = @reviewer, reviewed_at = @at,
                resolution_notes = coalesce(@notes, resolution_notes)
            where id = @id and status = @from
            returning {Columns}
            """, new { id, from, to, reviewer, notes, at }, tx, cancellationToken: ct));
        if (row is not null && to is "resolved" or "dismissed")
            await Notifications.NotificationOutbox.AddAsync(conn, tx, new Notifications.NotificationEvent(
                Notifications.NotificationTypes.Report, DecisionEventKey(id, to), Notifications.NotificationAudience.To(row.ReporterId),
                to == "resolved" ? "Your report was acted on" : "Your report was reviewed",
                to == "resolved" ? "Thank you: a moderator reviewed your report and took action." : "A moderator reviewed your report and found no rule broken.",
                null, new Dictionary<string, string> { ["reportId"] = id.ToString("D"), ["status"] = to }), ct);
        await tx.CommitAsync(ct);
        return row;
    }

    public async Task<string?> StatusAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("select status from reports where id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>The admin queue, newest first, optionally by status and type, after the cursor's (created_at, id).</summary>
    public async Task<IReadOnlyList<ReportRow>> ListAsync(string? status, string? type, DateTime? afterAt, Guid? afterId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ReportRow>(new CommandDefinition($"""
            select {Columns} from reports
            where (@status::text is null or status = @status) and (@type::text is null or report_type = @type)
              and (@afterAt::timestamptz is null or (created_at, id) < (@afterAt, @afterId))
            order by created_at desc, id desc
            limit @take
            """, new { status, type, afterAt, afterId, take = limit + 1 }, cancellationToken: ct))).AsList();
    }
}
