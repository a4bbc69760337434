using Microsoft.Extensions.Logging;

namespace NrsGirls.Shared.Accounts;

/// <summary>
/// The outer seam for account e-mail. Delivery (a provider, templates, links) plugs in here; until one
/// is configured <see cref="LoggingEmailSender"/> is registered.
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

    private static string Domain(string email) => email[(email.LastIndexOf('@') + 1)..];
}
