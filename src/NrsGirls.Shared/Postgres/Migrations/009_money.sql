-- migrate:up
-- Money I (issue 11): idempotent requests, the ledger's database-side protections, webhook dedupe,
-- payment restrictions after a dispute, the notification outbox, and private-show bookings.

-- Idempotency records (003) gain what Stripe-style replay needs: the first answer's HTTP status (null
-- while the request is still executing; its body is `response`) and an expiry (24 h after creation),
-- after which a timer deletes the key and the same key may be used again.
alter table idempotency_keys
    add column status_code int,
    add column expires_at timestamptz not null default now() + interval '24 hours';
create index idx_idempotency_keys_expires_at on idempotency_keys (expires_at);
-- One ledger row per idempotency record: two keys can never own the same transaction.
create unique index uq_idempotency_keys_transaction on idempotency_keys (transaction_id) where transaction_id is not null;

-- The ledger is append-only apart from its status life cycle. Amounts, fee, net, currency, parties,
-- type, id and created_at never change once written; status moves only pending -> completed | failed and
-- completed -> refunded. The trigger lives on the partitioned table, so every partition (present and
-- future) inherits it, and it fires for every role, the owner included.
create function transactions_guard_update() returns trigger
language plpgsql
as $$
begin
    if new.id is distinct from old.id
       or new.created_at is distinct from old.created_at
       or new.amount is distinct from old.amount
       or new.platform_fee is distinct from old.platform_fee
       or new.net_amount is distinct from old.net_amount
       or new.currency is distinct from old.currency
       or new.user_id is distinct from old.user_id
       or new.creator_id is distinct from old.creator_id
       or new.creator_type is distinct from old.creator_type
       or new.transaction_type is distinct from old.transaction_type then
        raise exception 'ledger row %: amounts, fee, net, currency, parties and type are immutable', old.id
            using errcode = 'integrity_constraint_violation';
    end if;
    if new.status is distinct from old.status
       and not ((old.status = 'pending' and new.status in ('completed', 'failed'))
                or (old.status = 'completed' and new.status = 'refunded')) then
        raise exception 'ledger row %: status may not change from % to %', old.id, old.status, new.status
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end
$$;
create trigger trg_transactions_guard_update before update on transactions
    for each row execute function transactions_guard_update();

-- Deleting ledger rows: DELETE is revoked from the app role on the table and on the partitions that
-- exist now; partitions created later get the default privileges of 005 (which include DELETE), so a
-- trigger refuses deletes by anyone but the table's owner (the migration role, for archiving) as well.
create function transactions_guard_delete() returns trigger
language plpgsql
as $$
begin
    if current_user <> (select pg_get_userbyid(c.relowner) from pg_class c where c.oid = tg_relid) then
        raise exception 'ledger rows cannot be deleted (transaction %)', old.id
            using errcode = 'insufficient_privilege';
    end if;
    return old;
end
$$;
create trigger trg_transactions_guard_delete before delete on transactions
    for each row execute function transactions_guard_delete();

do $$
declare
    part regclass;
begin
    if exists (select from pg_roles where rolname = 'nrsgirls_readwrite') then
        revoke delete on transactions from nrsgirls_readwrite;
        for part in select inhrelid::regclass from pg_inherits where inhparent = 'transactions'::regclass loop
            execute format('revoke delete on %s from nrsgirls_readwrite', part);
        end loop;
    end if;
end
$$;

-- Provider webhook events already applied: a replayed or re-sent event is recognised by its id and
-- changes nothing a second time.
create table payment_webhook_events (
    provider varchar(20) not null,
    event_id varchar(255) not null,
    event_type varchar(100) not null,
    provider_transaction_id varchar(255),
    outcome varchar(50) not null,
    received_at timestamptz not null default now(),
    primary key (provider, event_id)
);

-- A payer who disputed a charge may not move money again until an admin lifts the restriction
-- (DELETE admin/users/{id}/payment-restriction deletes the row).
create table payment_restrictions (
    user_id uuid primary key references users(id) on delete cascade,
    reason varchar(50) not null,
    transaction_id uuid,
    created_at timestamptz not null default now()
);

-- Events the notifications feature will deliver, written in the same transaction as the money change
-- that causes them (a transactional outbox). dedupe_key makes a re-run of the same change a no-op.
create table notification_outbox (
    id uuid primary key default gen_random_uuid(),
    event_type varchar(50) not null,
    dedupe_key varchar(255) not null unique,
    recipient_user_id uuid not null references users(id) on delete cascade,
    creator_id uuid,
    creator_type varchar(20) check (creator_type in ('dj', 'performer')),
    payload jsonb not null default '{}',
    created_at timestamptz not null default now(),
    dispatched_at timestamptz
);
create index idx_notification_outbox_undispatched on notification_outbox (created_at) where dispatched_at is null;

-- A creator's private-show terms (one row per profile; no row: not bookable).
create table private_show_settings (
    creator_id uuid primary key,
    creator_type varchar(20) not null check (creator_type in ('dj', 'performer')),
    price_per_minute numeric(10,2) not null check (price_per_minute > 0),
    currency varchar(3) not null check (currency ~ '^[A-Z]{3}$'),
    accepts_bookings boolean not null default false,
    updated_at timestamptz not null default now()
);
create trigger trg_private_show_settings_updated_at before update on private_show_settings
    for each row execute function set_updated_at();

-- A booked show: requested -> accepted | declined | cancelled; accepted -> completed | cancelled;
-- declined, cancelled and expired (no answer by the start) shows are refunded in full (refunded_at).
-- The charge is the ledger row transaction_id (type private_show), created with the booking.
create table private_shows (
    id uuid primary key default gen_random_uuid(),
    creator_id uuid not null,
    creator_type varchar(20) not null check (creator_type in ('dj', 'performer')),
    creator_user_id uuid not null references users(id),
    payer_id uuid not null references users(id),
    minutes int not null check (minutes between 1 and 480),
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    status varchar(20) not null check (status in ('requested', 'accepted', 'declined', 'cancelled', 'expired', 'completed')),
    transaction_id uuid not null unique,
    transaction_created_at timestamptz not null,
    refunded_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint private_shows_ends_after_start check (ends_at > starts_at)
);
create index idx_private_shows_creator on private_shows (creator_id, starts_at);
create index idx_private_shows_due on private_shows (starts_at) where status = 'requested';
create trigger trg_private_shows_updated_at before update on private_shows
    for each row execute function set_updated_at();

-- Overlapping accepted shows of one creator are refused here (errcode exclusion_violation). An
-- exclusion constraint would need the btree_gist extension for the uuid; a per-creator advisory lock
-- serialises concurrent accepts instead, and the check then sees every committed accept.
create function private_shows_no_overlap() returns trigger
language plpgsql
as $$
begin
    if new.status = 'accepted' then
        perform pg_advisory_xact_lock(hashtextextended('nrsgirls.private_shows:' || new.creator_id::text, 0));
        if exists (select from private_shows s
                   where s.creator_id = new.creator_id and s.id <> new.id and s.status = 'accepted'
                     and tstzrange(s.starts_at, s.ends_at) && tstzrange(new.starts_at, new.ends_at)) then
            raise exception 'creator % already has an accepted show overlapping % - %', new.creator_id, new.starts_at, new.ends_at
                using errcode = 'exclusion_violation';
        end if;
    end if;
    return new;
end
$$;
create trigger trg_private_shows_no_overlap before insert or update of status, starts_at, ends_at on private_shows
    for each row execute function private_shows_no_overlap();

-- migrate:down
drop table private_shows;
drop function private_shows_no_overlap();
drop table private_show_settings;
drop table notification_outbox;
drop table payment_restrictions;
drop table payment_webhook_events;
do $$
declare
    part regclass;
begin
    if exists (select from pg_roles where rolname = 'nrsgirls_readwrite') then
        grant delete on transactions to nrsgirls_readwrite;
        for part in select inhrelid::regclass from pg_inherits where inhparent = 'transactions'::regclass loop
            execute format('grant delete on %s to nrsgirls_readwrite', part);
        end loop;
    end if;
end
$$;
drop trigger trg_transactions_guard_delete on transactions;
drop function transactions_guard_delete();
drop trigger trg_transactions_guard_update on transactions;
drop function transactions_guard_update();
drop index uq_idempotency_keys_transaction;
drop index idx_idempotency_keys_expires_at;
alter table idempotency_keys drop column expires_at, drop column status_code;
