namespace NrsGirls.Tests.Hosting;

/// <summary>The tables tests/NrsGirls.TestFunctionApp writes; each fixture creates them in its own database.</summary>
public static class TestAppSchema
{
    public const string Sql = """
        create table if not exists local_host_messages (
          id uuid primary key,
          text text not null,
          deliveries int not null default 1,
          received_at timestamptz not null default now()
        );
        create table if not exists local_host_failed_writes (
          id uuid not null,
          attempted_at timestamptz not null default now()
        );
        create table if not exists local_host_timer_runs (
          run_id uuid primary key,
          started_at timestamptz not null,
          finished_at timestamptz,
          is_past_due boolean not null
        );
        grant select, insert, update, delete on local_host_messages, local_host_failed_writes, local_host_timer_runs to nrsgirls_readwrite;
        """;
}
