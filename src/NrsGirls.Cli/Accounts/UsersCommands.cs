using NrsGirls.Shared.Accounts;

namespace NrsGirls.Cli.Accounts;

/// <summary>`nrsgirls users create-admin --email … --password-stdin`: the only way an admin account comes to be.</summary>
public static class UsersCommands
{
    public static Command Build(CliEnvironment environment)
    {
        var email = new Option<string>("--email") { Description = "The admin's e-mail address.", Required = true };
        // The password never goes on the command line, where shell history and `ps` would show it.
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input (required)." };
        var createAdmin = new Command("create-admin", "Create a verified admin account.") { email, passwordStdin };
        createAdmin.SetAction(environment, async (ctx, ct) =>
        {
            if (!ctx.Parse.GetValue(passwordStdin))
            {
                await ctx.Error.WriteLineAsync("Pass --password-stdin and pipe the password in, for example: read -rs P; echo \"$P\" | nrsgirls users create-admin --email a@b.c --password-stdin");
                return 2;
            }
            var password = (await ctx.In.ReadLineAsync(ct))?.TrimEnd('\r');
            var outcome = await ctx.AppServices.GetRequiredService<RegistrationService>().CreateAdminAsync(ctx.Parse.GetValue(email), password, ct);
            if (outcome.IsOk)
            {
                await ctx.Out.WriteLineAsync($"Created admin {outcome.Value:D}.");
                return 0;
            }
            var error = outcome.Error!;
            await ctx.Error.WriteLineAsync(error.Fields is null
                ? error.Detail
                : string.Join(Environment.NewLine, error.Fields.Select(f => $"{f.Key} {string.Join(" ", f.Value)}")));
            return error.Kind == NrsGirls.Shared.ErrorKind.Conflict ? 1 : 2;
        });
        return new Command("users", "Accounts: create admins.") { createAdmin };
    }
}
