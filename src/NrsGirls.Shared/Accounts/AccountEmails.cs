namespace NrsGirls.Shared.Accounts;

/// <summary>
/// The outer seam for account e-mail. Delivery (a provider, templates, links) plugs in here; until one
/// is configured <see cref="LoggingEmailSender"/> is registered, or <see cref="DevelopmentMailSender"/>
/// when NRSGIRLS_DEV_MAIL_DIR is set (local development only).
/// </summary>
public interface IEmailSender
{
    /// <summary>Asks the owner of <paramref name="email"/> to confirm it with <paramref name="token"/> (POST auth/verify).</summary>
    Task SendVerificationAsync(string email, string token, CancellationToken ct);

    /// <summary>Tells the owner of an existing account that someone tried to register with their address.</summary>
    Task SendRegistrationAttemptAsync(string email, CancellationToken ct);

    /// <summary>A notification by e-mail (already rendered; the sender adds no personal data of its own).</summary>
    Task SendNotificationAsync(string email, string subject, string body, CancellationToken ct);
}

/// <summary>
/// Logs that a message would be sent, naming only the address's domain and never the token: tokens are
/// secrets, addresses are personal data, and logs are neither's place.
/// </summary>
public sealed class LoggingEmailSender(ILogger<LoggingEmailSender> log) : IEmailSender
{
    public Task SendVerificationAsync(string email, string token, CancellationToken ct)
    {
        log.LogInformation("No e-mail provider configured: verification mail to an address at {Domain} not delivered", Domain(email));
        return Task.CompletedTask;
    }

    public Task SendRegistrationAttemptAsync(string email, CancellationToken ct)
    {
        log.LogInformation("No e-mail provider configured: registration-attempt notice to an address at {Domain} not delivered", Domain(email));
        return Task.CompletedTask;
    }

    public Task SendNotificationAsync(string email, string subject, string body, CancellationToken ct)
    {
        log.LogInformation("No e-mail provider configured: notification mail to an address at {Domain} not delivered", Domain(email));
        return Task.CompletedTask;
    }

    internal static string Domain(string email) => email[(email.LastIndexOf('@') + 1)..];
}

/// <summary>
/// Development only: writes each message, token included, as <c>&lt;timestamp&gt;-&lt;to&gt;.eml</c> in the
/// NRSGIRLS_DEV_MAIL_DIR folder (scripts/dev.sh: .local/mail under the repository root), where a
/// developer opens it with any mail client or text editor to finish e-mail verification locally. Never
/// registered unless that setting is set, and the Function App's settings keep it empty.
/// </summary>
public sealed class DevelopmentMailSender(DevMailOptions options, TimeProvider clock, ILogger<DevelopmentMailSender> log) : IEmailSender
{
    /// <summary>The folder mail goes to: the setting, relative paths taken from the repository root.</summary>
    public string Directory { get; } = Resolve(options.Directory ?? throw new ArgumentException("No development mail folder is set.", nameof(options)));

    public Task SendVerificationAsync(string email, string token, CancellationToken ct) =>
        WriteAsync(email, "Confirm your NrsGirls e-mail address", token, $$"""
            Hello,

            confirm that this address is yours with this token:

                {{token}}

            Send it to POST /api/auth/verify, for example against the local API:

                curl -s -X POST http://127.0.0.1:7071/api/auth/verify -H 'Content-Type: application/json' -d '{"token":"{token}"}'

            If you did not create an NrsGirls account, ignore this message.
            """, ct);

    public Task SendRegistrationAttemptAsync(string email, CancellationToken ct) =>
        WriteAsync(email, "Someone tried to register with your NrsGirls address", null, """
            Hello,

            someone tried to create an NrsGirls account with this address, which already has one.
            If it was you, sign in instead. If not, you need not do anything: no account was created.
            """, ct);

    public Task SendNotificationAsync(string email, string subject, string body, CancellationToken ct) =>
        WriteAsync(email, subject, null, body, ct);

    private async Task WriteAsync(string to, string subject, string? token, string body, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        System.IO.Directory.CreateDirectory(Directory);
        var message = new StringBuilder()
            .Append("From: NrsGirls (development) <no-reply@nrsgirls.local>\r\n")
            .Append("To: <").Append(HeaderSafe(to)).Append(">\r\n")
            .Append("Subject: ").Append(subject).Append("\r\n")
            .Append("Date: ").Append(now.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append("@nrsgirls.local>\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("Content-Transfer-Encoding: 8bit\r\n");
        if (token is not null) message.Append("X-NrsGirls-Verification-Token: ").Append(HeaderSafe(token)).Append("\r\n");
        message.Append("\r\n").Append(body.ReplaceLineEndings("\r\n")).Append("\r\n");

        var name = $"{now:yyyyMMdd'T'HHmmss'.'fffffff}-{FileSafe(to)}.eml";
        var path = Path.Combine(Directory, name);
        // CreateNew: two messages in the same tick to the same address never overwrite each other.
        for (var n = 2; File.Exists(path); n++) path = Path.Combine(Directory, name.Replace(".eml", $"-{n}.eml", StringComparison.Ordinal));
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            await file.WriteAsync(Encoding.UTF8.GetBytes(message.ToString()), ct);
        log.LogInformation("Development mail to an address at {Domain} written to {Directory}", LoggingEmailSender.Domain(to), Directory);
    }

    private static string HeaderSafe(string value) => new(value.Where(c => !char.IsControl(c)).ToArray());

    private static string FileSafe(string value)
    {
        var safe = new string(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_' or '+' ? c : '_').ToArray());
        return safe.Length > 100 ? safe[..100] : safe;
    }

    private static string Resolve(string directory)
    {
        if (Path.IsPathRooted(directory)) return directory;
        for (var dir = new DirectoryInfo(System.IO.Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NrsGirls.sln"))) return Path.GetFullPath(Path.Combine(dir.FullName, directory));
        return Path.GetFullPath(directory);
    }
}

public static class DevelopmentMailServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DevelopmentMailSender"/> as the e-mail sender when a development mail folder is
    /// set; call before AddAccounts, whose logging default is registered only if no sender is.
    /// </summary>
    public static IServiceCollection AddDevelopmentMail(this IServiceCollection services, DevMailOptions options)
    {
        services.AddSingleton(options);
        if (options.Directory is not null) services.AddSingleton<IEmailSender, DevelopmentMailSender>();
        return services;
    }
}
