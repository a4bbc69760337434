namespace NrsGirls.Shared.Accounts;

/// <summary>
/// All SQL over users and user_settings, for registration, sign-in, the account, 2FA and settings. Every
/// statement skips soft-deleted accounts; times (last_login, deleted_at) come from the injected clock.
/// </summary>
public sealed class AccountStore(NpgsqlDataSource db, TimeProvider clock)
{
    /// <summary>User and settings in one transaction; null when the address (in any case) is taken.</summary>
    public async Task<Guid?> InsertUserAsync(string email, string hash, string role, bool verified, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // ON CONFLICT on the lower(email) unique index: of concurrent registrations exactly one inserts,
        // the others wait for it and then insert nothing, without an error.
        var id = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            insert into users (email, password_hash, role, verified)
            values (@email, @hash, @role, @verified)
            on conflict ((lower(email))) do nothing
            returning id
            """, new { email, hash, role, verified }, tx, cancellationToken: ct));
        if (id is null) return null;
        await conn.ExecuteAsync(new CommandDefinition("insert into user_settings (user_id) values (@id)", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    internal async Task<UserRow?> FindByIdAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"select {UserRow.Columns} from users where id = @id and deleted_at is null", new { id }, cancellationToken: ct));
    }

    internal async Task<UserRow?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"select {UserRow.Columns} from users where lower(email) = lower(@email) and deleted_at is null", new { email }, cancellationToken: ct));
    }

    /// <summary>True when the account still has the address the verification token was issued for.</summary>
    public async Task<bool> MarkVerifiedAsync(Guid userId, string email, CancellationToken ct) =>
        await ExecuteAsync("""
            update users set verified = true
            where id = @userId and lower(email) = lower(@email) and deleted_at is null
            """, new { userId, email }, ct) == 1;

    public Task RecordLoginAsync(Guid userId, CancellationToken ct) =>
        ExecuteAsync("update users set last_login = @now where id = @userId", new { now = clock.GetUtcNow(), userId }, ct);

    /// <summary>A new, unverified address; false when another account holds it (in any case).</summary>
    public async Task<bool> ChangeEmailAsync(Guid userId, string email, CancellationToken ct)
    {
        try
        {
            await ExecuteAsync("update users set email = @email, verified = false where id = @userId and deleted_at is null",
                new { email, userId }, ct);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    public Task SetPasswordHashAsync(Guid userId, string hash, CancellationToken ct) =>
        ExecuteAsync("update users set password_hash = @hash where id = @userId and deleted_at is null", new { hash, userId }, ct);

    /// <summary>
    /// Erasure: deleted_at, the address replaced by deleted+{id}@invalid (free again, no longer personal
    /// data), 2FA cleared and the password replaced by <paramref name="unusableHash"/>.
    /// </summary>
    public Task SoftDeleteAsync(Guid userId, string unusableHash, CancellationToken ct) =>
        ExecuteAsync("""
            update users
            set deleted_at = @now, email = 'deleted+' || id::text || '@invalid', verified = false,
                two_factor_enabled = false, two_factor_secret = null, password_hash = @unusableHash
            where id = @userId and deleted_at is null
            """, new { now = clock.GetUtcNow(), unusableHash, userId }, ct);

    /// <summary>Stores the (encrypted) secret and turns 2FA on; false when it was already on.</summary>
    public async Task<bool> EnableTwoFactorAsync(Guid userId, string storedSecret, CancellationToken ct) =>
        await ExecuteAsync("""
            update users set two_factor_enabled = true, two_factor_secret = @storedSecret
            where id = @userId and deleted_at is null and not two_factor_enabled
            """, new { storedSecret, userId }, ct) == 1;

    public Task DisableTwoFactorAsync(Guid userId, CancellationToken ct) =>
        ExecuteAsync("""
            update users set two_factor_enabled = false, two_factor_secret = null
            where id = @userId and deleted_at is null
            """, new { userId }, ct);

    // ---- user_settings ----

    private const string SettingsColumns = """
        s.email_notifications, s.push_notifications, s.newsletter_subscribed, s.language, s.timezone, s.theme,
        s.notification_preferences::text as notification_preferences, s.privacy_preferences::text as privacy_preferences, s.updated_at
        """;

    public async Task<UserSettings?> GetSettingsAsync(Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<SettingsRow>(new CommandDefinition($"""
            select {SettingsColumns} from user_settings s join users u on u.id = s.user_id
            where s.user_id = @userId and u.deleted_at is null
            """, new { userId }, cancellationToken: ct));
        return row?.ToSettings();
    }

    /// <summary>Replaces every setting (preferences default to {}); null when the account is gone.</summary>
    public async Task<UserSettings?> ReplaceSettingsAsync(Guid userId, SettingsInput input, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<SettingsRow>(new CommandDefinition($"""
            update user_settings s
            set email_notifications = @EmailNotifications, push_notifications = @PushNotifications,
                newsletter_subscribed = @NewsletterSubscribed, language = @Language, timezone = @Timezone, theme = @Theme,
                notification_preferences = @notifications::jsonb, privacy_preferences = @privacy::jsonb
            from users u
            where u.id = s.user_id and s.user_id = @userId and u.deleted_at is null
            returning {SettingsColumns}
            """, new
        {
            userId, input.EmailNotifications, input.PushNotifications, input.NewsletterSubscribed,
            input.Language, input.Timezone, input.Theme,
            notifications = input.NotificationPreferences?.GetRawText() ?? "{}",
            privacy = input.PrivacyPreferences?.GetRawText() ?? "{}",
        }, cancellationToken: ct));
        return row?.ToSettings();
    }

    private async Task<int> ExecuteAsync(string sql, object args, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    private sealed class SettingsRow
    {
        public bool EmailNotifications { get; init; }
        public bool PushNotifications { get; init; }
        public bool NewsletterSubscribed { get; init; }
        public string Language { get; init; } = "";
        public string? Timezone { get; init; }
        public string Theme { get; init; } = "";
        public string NotificationPreferences { get; init; } = "{}";
        public string PrivacyPreferences { get; init; } = "{}";
        public DateTime UpdatedAt { get; init; }

        public UserSettings ToSettings() => new(EmailNotifications, PushNotifications, NewsletterSubscribed, Language, Timezone, Theme,
            NotificationPreferences, PrivacyPreferences, new DateTimeOffset(DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc)));
    }
}
