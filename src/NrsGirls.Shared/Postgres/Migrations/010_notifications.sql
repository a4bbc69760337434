-- migrate:up
-- Notifications: the producers' outbox, exactly-once fan-out, and the hourly e-mail cap.
--
-- notification_outbox (created by 009 for the ledger's events) is the transactional outbox every producer
-- writes in the same transaction as the change that causes the notification (a follow, a completed tip, a
-- stream going live). A committed change therefore always has its event; a rolled-back one never does.
-- Two shapes share it: fact events with one recipient_user_id and the facts in payload (the ledger's
-- "tip.completed" and so on, rendered to text by the handler), and rendered events with no
-- recipient_user_id whose payload is the whole NotificationEvent (recipients, title, message, link).
-- The sweep enqueues rows whose message may have been lost; the handler marks processed_at.
alter table notification_outbox alter column recipient_user_id drop not null;
alter table notification_outbox add column enqueued_at timestamptz;
-- 009's dispatched_at is what the handler sets once the rows exist: processed_at here.
alter table notification_outbox rename column dispatched_at to processed_at;
-- The sweep's work list: unprocessed events, oldest first (009's index, renamed with its column).
alter index idx_notification_outbox_undispatched rename to idx_notification_outbox_pending;

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
alter index idx_notification_outbox_pending rename to idx_notification_outbox_undispatched;
alter table notification_outbox rename column processed_at to dispatched_at;
alter table notification_outbox drop column enqueued_at;
delete from notification_outbox where recipient_user_id is null;
alter table notification_outbox alter column recipient_user_id set not null;
