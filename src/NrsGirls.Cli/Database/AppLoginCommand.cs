namespace NrsGirls.Cli.Database;

/// <summary>`nrsgirls db create-app-login`: needs the POSTGRES_* settings only.</summary>
public static class AppLoginCommand
{
    public static Command Build(CliEnvironment environment)
    {
        var cmd = new Command("create-app-login",
            "Create or update the run-time login POSTGRES_APP_USER (password POSTGRES_APP_PASSWORD) as a member of nrsgirls_readwrite.");
        cmd.SetAction(environment, async (ctx, ct) =>
        {
            var postgres = ctx.Postgres;
            if (postgres.AppUser is null)
                throw new ConfigurationException([$"{SettingNames.PostgresAppUser} is not set: there is no app login to create."]);
            await AppLogin.EnsureAsync(postgres, ct);
            await ctx.Out.WriteLineAsync($"Login '{postgres.AppUser}' is a member of nrsgirls_readwrite.");
            return 0;
        });
        return cmd;
    }
}

/// <summary>The run-time login (POSTGRES_APP_USER), created or updated as a member of nrsgirls_readwrite.</summary>
public static class AppLogin
{
    public static async Task EnsureAsync(PostgresOptions o, CancellationToken ct)
    {
        if (o.AppUser is null || o.AppPassword is null) return;
        await using var conn = new NpgsqlConnection(PostgresConnections.ConnectionString(o, owner: true));
        await conn.OpenAsync(ct);
        // Role names and passwords cannot be bound as parameters in DDL; quote them as identifier and literal.
        var role = NrsGirls.Shared.Operations.PostgresCatalog.Quote(o.AppUser);
        var password = QuoteLiteral(o.AppPassword);
        await using var cmd = new NpgsqlCommand($"""
            do $$ begin
              if not exists (select from pg_roles where rolname = 'nrsgirls_readwrite') then
                raise exception 'Role nrsgirls_readwrite does not exist: apply the migrations first (nrsgirls db migrate up).';
              end if;
              if exists (select from pg_roles where rolname = {QuoteLiteral(o.AppUser)}) then
                alter role {role} with login password {password} nocreatedb nocreaterole;
              else
                create role {role} with login password {password} nocreatedb nocreaterole;
              end if;
              grant nrsgirls_readwrite to {role};
            end $$;
            """, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string QuoteLiteral(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
