namespace NrsGirls.Shared.Postgres;

/// <summary>Builds the connection strings and data sources every part of the backend uses.</summary>
public static class PostgresConnections
{
    /// <summary>
    /// Connection string for the app's run-time login (the read-write role where configured) or, with
    /// <paramref name="owner"/>, for the owner login that runs migrations.
    /// </summary>
    public static string ConnectionString(PostgresOptions o, bool owner = false, string? database = null)
    {
        var useApp = !owner && o.AppUser is not null;
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = o.Host,
            Port = o.Port,
            Database = database ?? o.Database,
            Username = useApp ? o.AppUser : o.User,
            Password = useApp ? o.AppPassword : o.Password,
            // POSTGRES_SSL=true means a verified TLS connection: certificate chain and host name.
            SslMode = o.Ssl ? SslMode.VerifyFull : SslMode.Disable,
            MinPoolSize = o.PoolMin,
            MaxPoolSize = o.PoolMax,
            ApplicationName = owner ? "nrsgirls-admin" : "nrsgirls",
            // Timers and queue handlers are short; a stuck statement must not hold a pool slot forever.
            CommandTimeout = 30,
            // Opening a connection waits up to 30 s: a serverless instance may wake beside a busy (or
            // just resumed) server, and a cold open that fails costs a whole invocation retry.
            Timeout = 30,
            // The app keeps no session state (only SET LOCAL inside transactions), so a pooled connection
            // need not send DISCARD ALL on reuse: one statement less of server work per open (money bench).
            NoResetOnClose = true,
        };
        return b.ConnectionString;
    }

    /// <summary>
    /// As <see cref="ConnectionString"/>, without pooling: for the rare connections that must not join (or
    /// leave behind) a pool: session-level advisory locks, other databases (restores, drills, scratch),
    /// long owner jobs. Closing it ends its session.
    /// </summary>
    public static string Unpooled(PostgresOptions o, bool owner = false, string? database = null, int? commandTimeout = null)
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString(o, owner, database)) { Pooling = false };
        if (commandTimeout is { } t) b.CommandTimeout = t;
        return b.ConnectionString;
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        return builder.Build();
    }
}
