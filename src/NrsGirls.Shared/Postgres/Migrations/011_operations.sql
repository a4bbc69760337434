-- migrate:up
-- Operations bookkeeping: backup, restore-drill and archive runs, and daily size snapshots for growth.
-- Tables get the read-write grants through the default privileges of 005 (the app login runs the timers).

-- One row per (kind, period): the unique key is what makes two timer firings (or a timer and an operator)
-- produce one backup set per day. A run is 'running' until it ends 'complete' or 'failed'; a failed
-- period may be claimed again, a running one only once it is stale (the process died).
create table operation_runs (
    id uuid primary key default gen_random_uuid(),
    kind varchar(20) not null check (kind in ('backup', 'restore_drill', 'archive')),
    period varchar(40) not null,
    status varchar(20) not null default 'running' check (status in ('running', 'complete', 'failed')),
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    set_name varchar(100),
    size_bytes bigint check (size_bytes >= 0),
    suspicious boolean not null default false,
    detail jsonb not null default '{}',
    error text,
    unique (kind, period)
);
create index idx_operation_runs_kind_finished on operation_runs (kind, finished_at desc);

-- Sizes per day, so stats can show growth since the previous snapshot.
create table relation_size_snapshots (
    taken_on date not null,
    relation varchar(200) not null,
    relation_kind varchar(10) not null check (relation_kind in ('database', 'table', 'index')),
    bytes bigint not null check (bytes >= 0),
    row_estimate bigint,
    primary key (taken_on, relation_kind, relation)
);

-- Archived parts (ledger partitions, Mongo ranges): 'written' once the blob and its manifest exist,
-- 'verified' after the blob was read back and matched, 'removed' once the hot rows are gone. A crash
-- between the steps leaves the row where the next run picks it up.
create table archive_parts (
    name varchar(200) primary key,
    source varchar(100) not null,
    status varchar(20) not null default 'written' check (status in ('written', 'verified', 'removed')),
    blob_name varchar(300) not null,
    row_count bigint not null check (row_count >= 0),
    size_bytes bigint not null check (size_bytes >= 0),
    sha256 char(64) not null,
    created_at timestamptz not null default now(),
    removed_at timestamptz
);

-- The backup manifest records which migrations the data belongs to; reading the history is harmless,
-- writing it stays out of the app's reach.
grant usage on schema nrsgirls_migrations to nrsgirls_readwrite;
grant select on nrsgirls_migrations.schema_migrations to nrsgirls_readwrite;

-- Slow-statement statistics for `db stats`, where the server offers the extension and lets the owner
-- create it (it must also be in shared_preload_libraries to collect; stats says so when it is not).
do $$
begin
    if exists (select from pg_available_extensions where name = 'pg_stat_statements') then
        create extension if not exists pg_stat_statements;
    end if;
exception when others then
    raise notice 'pg_stat_statements not created: %', sqlerrm;
end
$$;

-- migrate:down
drop extension if exists pg_stat_statements;
revoke select on nrsgirls_migrations.schema_migrations from nrsgirls_readwrite;
revoke usage on schema nrsgirls_migrations from nrsgirls_readwrite;
drop table archive_parts;
drop table relation_size_snapshots;
drop table operation_runs;
