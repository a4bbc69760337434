-- migrate:up
-- Notifications: the producers' outbox, exactly-once fan-out, and the hourly e-mail cap.
--
-- notification_outbox is the transactional outbox every producer writes in the same transaction as the
-- change that causes the notification (a follow, a completed tip, a stream going live). A committed change
-- therefore always has its event; a rolled-back one never does. The sweep enqueues rows whose message may
-- have been lost; the queue handler marks processed_at once the rows exist.
create table notification_outbox (
    id uuid primary key default gen_random_uuid(),
    event_type varchar(50) not null,
    -- One event per business fact ("follow:{followId}", "tip:{transactionId}", "live:{streamId}").
    dedupe_key varchar(200) not null,
    payload jsonb not null default '{}',
    created_at timestamptz not null default now(),
    enqueued_at timestamptz,
    processed_at timestamptz,
    constraint uq_notification_outbox_dedupe unique (dedupe_key)
);
-- The sweep's work list: unprocessed events, oldest first.
create index idx_notification_outbox_pending on notification_outbox (created_at) where processed_at is null;

-- A redelivered event adds nothing: one row per recipient and event.
alter table notifications add column dedupe_key varchar(200);
create unique index uq_notifications_user_dedupe on notifications (user_id, dedupe_key) where dedupe_key is not null;

-- "Went live" fan-out walks a creator's followers in follower_id order, in batches, only those who want it.
create index idx_follows_fanout on follows (following_id, following_type, follower_id) where notifications_enabled;

-- At most one e-mail per user per notification type per hour; the rest are counted and summed up as a
-- digest line in the next e-mail of that type.
create table notification_email_windows (
    user_id uuid not null references users(id) on delete cascade,
    notification_type varchar(50) not null,
    window_start timestamptz not null,
    suppressed integer not null default 0,
    primary key (user_id, notification_type, window_start)
);

-- migrate:down
drop table notification_email_windows;
drop index idx_follows_fanout;
drop index uq_notifications_user_dedupe;
alter table notifications drop column dedupe_key;
drop table notification_outbox;
