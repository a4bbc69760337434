-- migrate:up
-- Money: the transaction ledger (partitioned by month), subscriptions, payouts and idempotency keys.
-- The database, not only the application, refuses money rows that do not add up.

-- Partitioned by RANGE (created_at), one partition per UTC month, so old months can be detached and
-- archived and time-bounded queries touch only their months.
-- The primary key is (id, created_at) rather than the seed's (id): PostgreSQL requires every unique
-- constraint on a partitioned table to include the partition key. id stays globally unique in practice
-- (gen_random_uuid()), but nothing can declare a foreign key to transactions(id) alone; global uniqueness
-- of client requests is therefore enforced by idempotency_keys below, not here.
create table transactions (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null references users(id),
    creator_id uuid not null,
    creator_type varchar(20) not null check (creator_type in ('dj', 'performer')),
    transaction_type varchar(50) not null
        check (transaction_type in ('tip', 'subscription', 'private_show', 'payout')),
    amount numeric(10,2) not null,
    currency varchar(3) not null default 'USD',
    platform_fee numeric(10,2) not null,
    net_amount numeric(10,2) not null,
    status varchar(20) not null check (status in ('pending', 'completed', 'failed', 'refunded')),
    payment_method varchar(50),
    payment_provider varchar(50), -- stripe, paypal, ...
    provider_transaction_id varchar(255),
    metadata jsonb,
    created_at timestamptz not null default now(),
    processed_at timestamptz,
    primary key (id, created_at),
    constraint transactions_amount_positive check (amount > 0),
    constraint transactions_platform_fee_not_negative check (platform_fee >= 0),
    constraint transactions_net_amount_not_negative check (net_amount >= 0),
    -- amount = platform_fee + net_amount to the cent: no money is created or lost by the split.
    constraint transactions_amounts_add_up check (net_amount = amount - platform_fee),
    constraint transactions_currency_iso check (currency ~ '^[A-Z]{3}$')
) partition by range (created_at);

-- Catches any row no monthly partition covers, so a payment insert can never fail for lack of a
-- partition (for example if the partition timer stopped running). It should stay empty: a month whose
-- rows sit here can no longer be created as its own partition without moving those rows first.
create table transactions_default partition of transactions default;

-- Creates the missing monthly partitions transactions_yYYYYmMM from the current UTC month through
-- months_ahead months later and returns how many it created; 0 when all exist (idempotent).
-- Called at migration time and by a timer job under the read-write role, which has no DDL rights:
-- hence SECURITY DEFINER (runs as the migration owner) with a pinned search_path so a caller cannot
-- substitute objects. The advisory lock serialises concurrent callers (two timer instances).
-- It only creates the current and future months: creating a partition fails if the default partition
-- already holds rows of that month (PostgreSQL checks the default partition and refuses); such rows
-- must be moved out first, by hand. lock_timeout keeps a blocked run from queueing payment inserts
-- behind its lock for long; the next run retries.
create function ensure_transaction_partitions(months_ahead int default 12) returns int
language plpgsql
security definer
set search_path = public, pg_temp
set lock_timeout = '5s'
as $$
declare
    first_month date := date_trunc('month', now() at time zone 'UTC')::date;
    month_start date;
    partition_name text;
    created int := 0;
begin
    if months_ahead is null or months_ahead < 0 or months_ahead > 120 then
        raise exception 'months_ahead must be between 0 and 120, got %', months_ahead
            using errcode = 'invalid_parameter_value';
    end if;

    perform pg_advisory_xact_lock(hashtextextended('nrsgirls.ensure_transaction_partitions', 0));

    for i in 0 .. months_ahead loop
        month_start := (first_month + make_interval(months => i))::date;
        partition_name := 'transactions_y' || to_char(month_start, 'YYYY') || 'm' || to_char(month_start, 'MM');
        if to_regclass('public.' || partition_name) is null then
            -- Bounds are written as UTC literals so the session's TimeZone cannot shift a month.
            execute format(
                'create table public.%I partition of public.transactions for values from (%L) to (%L)',
                partition_name,
                to_char(month_start, 'YYYY-MM-DD') || ' 00:00:00+00',
                to_char((month_start + interval '1 month')::date, 'YYYY-MM-DD') || ' 00:00:00+00');
            created := created + 1;
        end if;
    end loop;
    return created;
end
$$;
-- Functions are executable by PUBLIC by default; this one creates tables, so only roles granted it may run it.
revoke execute on function ensure_transaction_partitions(int) from public;

-- Past months from 2024-01 (the platform's first ledger month), then the current month and 12 ahead.
do $$
declare
    month_start date := date '2024-01-01';
    current_month date := date_trunc('month', now() at time zone 'UTC')::date;
    partition_name text;
begin
    while month_start < current_month loop
        partition_name := 'transactions_y' || to_char(month_start, 'YYYY') || 'm' || to_char(month_start, 'MM');
        execute format(
            'create table public.%I partition of public.transactions for values from (%L) to (%L)',
            partition_name,
            to_char(month_start, 'YYYY-MM-DD') || ' 00:00:00+00',
            to_char((month_start + interval '1 month')::date, 'YYYY-MM-DD') || ' 00:00:00+00');
        month_start := (month_start + interval '1 month')::date;
    end loop;
    perform ensure_transaction_partitions(12);
end
$$;

create table subscriptions (
    id uuid primary key default gen_random_uuid(),
    subscriber_id uuid not null references users(id),
    creator_id uuid not null,
    creator_type varchar(20) not null check (creator_type in ('dj', 'performer')),
    tier varchar(50) not null,
    amount numeric(10,2) not null check (amount > 0),
    billing_cycle varchar(20) not null check (billing_cycle in ('monthly', 'quarterly', 'yearly')),
    status varchar(20) not null check (status in ('active', 'cancelled', 'expired', 'suspended')),
    current_period_start timestamptz not null,
    current_period_end timestamptz not null,
    cancelled_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint subscriptions_period_order check (current_period_end > current_period_start)
);
create trigger trg_subscriptions_updated_at before update on subscriptions
    for each row execute function set_updated_at();

create table payouts (
    id uuid primary key default gen_random_uuid(),
    creator_id uuid not null,
    creator_type varchar(20) not null check (creator_type in ('dj', 'performer')),
    amount numeric(10,2) not null check (amount > 0),
    currency varchar(3) not null default 'USD',
    status varchar(20) not null check (status in ('pending', 'processing', 'completed', 'failed')),
    payment_method varchar(50) not null,
    payment_details jsonb, -- bank account, PayPal email, ... encrypted by the application
    scheduled_date date not null,
    processed_date timestamptz,
    transaction_ids uuid[], -- ledger rows this payout covers (no FK: arrays cannot carry one)
    failure_reason text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint payouts_currency_iso check (currency ~ '^[A-Z]{3}$')
);
create trigger trg_payouts_updated_at before update on payouts
    for each row execute function set_updated_at();

-- One row per client Idempotency-Key (tips, subscriptions, private shows), written in the same database
-- transaction as the ledger row it produced, so a retry, a double click or a redelivered queue message
-- finds the key and replays the stored outcome instead of charging twice. It lives outside transactions
-- because a unique constraint there would have to include created_at and so could not make a key
-- globally unique. request_hash (hex SHA-256 of the request) detects the same key reused for a
-- different request. transaction_id has no FK: transactions is only unique on (id, created_at).
create table idempotency_keys (
    user_id uuid not null references users(id) on delete cascade,
    scope varchar(50) not null, -- e.g. 'tip', 'subscription', 'private_show'
    key varchar(255) not null,
    request_hash varchar(64) not null,
    transaction_id uuid,
    response jsonb,
    created_at timestamptz not null default now(),
    primary key (user_id, scope, key)
);

-- migrate:down
drop table idempotency_keys;
drop table payouts;
drop table subscriptions;
drop function ensure_transaction_partitions(int);
-- Dropping the partitioned table drops every partition, including transactions_default.
drop table transactions;
