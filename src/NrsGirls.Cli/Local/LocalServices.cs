namespace NrsGirls.Cli.Local;

public sealed record PostgresServer(string Host, int Port, string User, string Password)
{
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host, Port = Port, Username = User, Password = Password, Database = database, Pooling = true,
        // A test run opens hundreds of databases on two cores: give a busy server time to fork a backend.
        Timeout = 60,
    }.ConnectionString;
}

/// <summary>
/// Starts real services on 127.0.0.1 for development and tests: a private PostgreSQL cluster (initdb of
/// the distribution's PostgreSQL), redis-server and Azurite from the repository's node_modules. The
/// CLI's `local up` and the test fixtures both use this, so there is one way services are started.
/// </summary>
public static class LocalServices
{
    public const string InstallHint = "Install the local services with: bash scripts/bootstrap.sh (apt-get install postgresql-15 redis-server; npm ci).";

    public static string PostgresBinDir()
    {
        var initdb = LocalProcess.Which("initdb");
        if (initdb is not null)
        {
            var resolved = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
            return Path.GetDirectoryName(resolved)!;
        }
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb"))).Order().ToList()
            : [];
        if (versions.Count == 0) throw new LocalServiceException("PostgreSQL server binaries (initdb) were not found. " + InstallHint);
        return Path.Combine(versions[^1], "bin");
    }

    /// <summary>PostgreSQL refuses to run as root: as root, the cluster belongs to the 'postgres' system user.</summary>
    private static string? PostgresRunAs => LocalProcess.IsRoot ? "postgres" : null;

    /// <summary>Creates (once) and starts (if stopped) a cluster in <paramref name="dir"/>, listening on 127.0.0.1.</summary>
    public static async Task<PostgresServer> StartPostgresAsync(string dir, int port, string user, string password, bool fast)
    {
        var bin = PostgresBinDir();
        dir = Path.GetFullPath(dir);
        var data = Path.Combine(dir, "data");
        var log = Path.Combine(dir, "postgres.log");
        Directory.CreateDirectory(dir);
        if (PostgresRunAs is { } owner) await LocalProcess.RunAsync("chown", ["-R", owner, dir]);

        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            var pwfile = Path.Combine(dir, ".pwfile");
            await File.WriteAllTextAsync(pwfile, password);
            if (PostgresRunAs is { } o) await LocalProcess.RunAsync("chown", [o, pwfile]);
            try
            {
                await LocalProcess.RunAsync(Path.Combine(bin, "initdb"),
                    ["-D", data, "-U", user, "--pwfile", pwfile, "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
                     "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"], PostgresRunAs);
            }
            finally { File.Delete(pwfile); }
        }

        if (!await LocalProcess.IsListeningAsync(port))
        {
            var opts = $"-p {port} -c listen_addresses=127.0.0.1 -k {dir} -c max_connections=300 -c shared_preload_libraries=pg_stat_statements";
            // Throwaway test clusters trade durability for speed; the development cluster keeps it.
            if (fast) opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            await LocalProcess.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", opts, "-l", log, "-w", "-t", "60", "start"], PostgresRunAs);
        }
        return new PostgresServer("127.0.0.1", port, user, password);
    }

    public static async Task StopPostgresAsync(string dir, bool immediate = false)
    {
        var data = Path.Combine(Path.GetFullPath(dir), "data");
        if (!File.Exists(Path.Combine(data, "postmaster.pid"))) return;
        await LocalProcess.RunAsync(Path.Combine(PostgresBinDir(), "pg_ctl"), ["-D", data, "-m", immediate ? "immediate" : "fast", "-w", "stop"], PostgresRunAs);
    }

    /// <summary>Creates the database if it does not exist (idempotent).</summary>
    public static async Task EnsureDatabaseAsync(PostgresServer server, string database)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var check = new NpgsqlCommand("select 1 from pg_database where datname = @n", conn);
        check.Parameters.AddWithValue("n", database);
        if (await check.ExecuteScalarAsync() is not null) return;
        await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", conn);
        await create.ExecuteNonQueryAsync();
    }

    public static string RedisServerPath() =>
        LocalProcess.Which("redis-server") ?? throw new LocalServiceException("redis-server was not found. " + InstallHint);

    /// <summary>The pid file each service started here leaves in its folder (see <see cref="StopRecordedAsync"/>).</summary>
    public const string RedisPidFile = "redis.pid", AzuritePidFile = "azurite.pid";

    /// <summary>
    /// Starts redis-server on 127.0.0.1 without persistence, working in <paramref name="dir"/>, its pid in
    /// redis.pid there: a child of this process (returned), or with <paramref name="daemonize"/> one that outlives it.
    /// </summary>
    public static async Task<Process?> StartRedisAsync(string dir, int port, bool daemonize, int databases = 16)
    {
        dir = Path.GetFullPath(dir);
        Directory.CreateDirectory(dir);
        var log = Path.Combine(dir, "redis.log");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        // Redis writes the pid file when asked, daemonized or not.
        string[] args =
        [
            "--port", port.ToString(inv), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir,
            "--protected-mode", "yes", "--databases", databases.ToString(inv), "--pidfile", Path.Combine(dir, RedisPidFile),
        ];
        var p = LocalProcess.StartChild(RedisServerPath(), daemonize ? [.. args, "--daemonize", "yes", "--logfile", log] : args, log);
        await LocalProcess.WaitForPortAsync(port, "redis-server", log, TimeSpan.FromSeconds(20));
        return daemonize ? null : p;
    }

    public static string AzuritePath(string repoRoot)
    {
        var path = Path.Combine(repoRoot, "node_modules", ".bin", "azurite");
        return File.Exists(path) ? path : throw new LocalServiceException($"Azurite is not installed in {repoRoot}/node_modules. Run: npm ci (in {repoRoot}).");
    }

    /// <summary>
    /// Starts Azurite (blob, queue, table) on 127.0.0.1 with its data and azurite.pid in <paramref name="dir"/>:
    /// a child of this process (returned), or <paramref name="detached"/> (setsid, nohup) one that outlives it.
    /// </summary>
    public static async Task<Process?> StartAzuriteAsync(string repoRoot, string dir, int blobPort, int queuePort, int tablePort, bool detached = false)
    {
        dir = Path.GetFullPath(dir);
        Directory.CreateDirectory(dir);
        var log = Path.Combine(dir, "azurite.log");
        var pidFile = Path.Combine(dir, AzuritePidFile);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string[] args =
        [
            AzuritePath(repoRoot), "--silent", "--location", dir,
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(inv),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(inv),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(inv),
            // The pinned Azurite may lag the storage SDK's newest service version.
            "--skipApiVersionCheck", "--loose",
            // Azurite otherwise sends usage telemetry to Application Insights (and logs each failed send offline).
            "--disableTelemetry",
        ];
        Process? child = null;
        if (detached)
            await LocalProcess.RunAsync("bash", ["-c", "setsid nohup \"$@\" >> \"$LOG\" 2>&1 < /dev/null & echo $! > \"$PIDFILE\"", "azurite", .. args],
                env: new Dictionary<string, string> { ["LOG"] = log, ["PIDFILE"] = pidFile });
        else
        {
            child = LocalProcess.StartChild(args[0], args[1..], log, repoRoot);
            await File.WriteAllTextAsync(pidFile, child.Id.ToString(inv));
        }
        await LocalProcess.WaitForPortAsync(queuePort, "Azurite", log, TimeSpan.FromSeconds(30));
        await LocalProcess.WaitForPortAsync(blobPort, "Azurite", log, TimeSpan.FromSeconds(30));
        return child;
    }

    /// <summary>
    /// Stops the service whose pid file is <paramref name="pidFile"/>, when that pid still runs in the
    /// file's folder (not an unrelated process that reused the pid), and removes the file. Returns
    /// whether a process was stopped.
    /// </summary>
    public static async Task<bool> StopRecordedAsync(string pidFile)
    {
        string recorded;
        // Another run's sweep may remove the same stale folder meanwhile: a vanished file is nothing to stop.
        try { recorded = await File.ReadAllTextAsync(pidFile); }
        catch (IOException) { return false; }
        var stopped = false;
        if (int.TryParse(recorded.Trim(), out var pid) && LocalProcess.IsRunning(pid) &&
            LocalProcess.Mentions(pid, Path.GetDirectoryName(Path.GetFullPath(pidFile))!))
        {
            await LocalProcess.KillAsync(pid, TimeSpan.FromSeconds(10));
            stopped = true;
        }
        try { File.Delete(pidFile); }
        catch (IOException) { /* already gone with its folder */ }
        return stopped;
    }

    /// <summary>
    /// The development-storage connection string for Azurite on the given ports. The account key is
    /// Azurite's fixed, publicly documented devstoreaccount1 key (the one UseDevelopmentStorage=true
    /// stands for), not a secret.
    /// </summary>
    public static string AzuriteConnectionString(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
}
