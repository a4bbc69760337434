-- migrate:up
-- E-mail and push are at least once. The handler marks an event processed only after delivering it, so
-- a run that died in between is retried by the host; the retry finds every row already inserted and
-- delivers again to all the event's recipients who want it (process_attempts > 1 says it is a retry).
-- The hourly e-mail window remembers which event it was claimed for and when that mail went out, so a
-- retry mails the recipients whose mail did not go out (instead of counting its own event as
-- suppressed) and not the ones whose did.
alter table notification_outbox add column process_attempts int not null default 0 check (process_attempts >= 0);
alter table notification_email_windows add column mailed_dedupe_key varchar(200);
alter table notification_email_windows add column mailed_at timestamptz;

-- migrate:down
alter table notification_email_windows drop column mailed_at;
alter table notification_email_windows drop column mailed_dedupe_key;
alter table notification_outbox drop column process_attempts;
