-- migrate:up
-- The outbox sweep counts how often it has re-enqueued an event. An event whose message keeps failing
-- (it ends in notifications-poison each time) is enqueued at most NotificationDispatcher.MaxSweeps times
-- and then left for an operator (deep health names it), instead of being re-sent every few minutes forever.
alter table notification_outbox add column sweep_attempts int not null default 0 check (sweep_attempts >= 0);

-- migrate:down
alter table notification_outbox drop column sweep_attempts;
