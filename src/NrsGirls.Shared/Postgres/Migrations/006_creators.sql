-- migrate:up
-- Creators, follows and reports (issue 9): the rules the API relies on, enforced by the database too.
-- The search vectors (001: 'simple' config, stage name weight A, bio weight B) and their GIN indexes
-- (004) already serve creators/search as it is written, and the genres GIN index (004) serves
-- `genres @> array[...]`; nothing to change there (see idx_users_deleted below for the one addition). Tables created here: none, so the default
-- privileges of 005 are not needed.

-- One open report per reporter and target: a second report while the first is still pending (or being
-- reviewed) is a duplicate, not new information. NULLS NOT DISTINCT because exactly the unused target
-- columns are null. A decided report (resolved, dismissed) frees the slot, so a repeat offence can be
-- reported again.
create unique index uq_reports_open_per_target on reports
    (reporter_id, reported_user_id, reported_stream_id, reported_message_id) nulls not distinct
    where status in ('pending', 'reviewing');

-- The admin queue filters by type as well as status.
create index idx_reports_type on reports (report_type, created_at desc, id desc);

-- A report names what it is about, and its texts have the API's limits.
alter table reports add constraint ck_reports_target
    check (num_nonnulls(reported_user_id, reported_stream_id, reported_message_id) >= 1);
alter table reports add constraint ck_reports_description_length
    check (char_length(description) between 1 and 2000);
alter table reports add constraint ck_reports_resolution_notes_length
    check (resolution_notes is null or char_length(resolution_notes) <= 2000);

-- Region codes are stored as ISO 3166-1 alpha-2 (upper case); the list of assigned codes is checked by
-- the API, the shape here.
alter table performer_profiles add constraint ck_performer_profiles_blocked_regions_shape
    check (blocked_regions is null or array_to_string(blocked_regions, ',') ~ '^([A-Z]{2}(,[A-Z]{2})*)?$');

-- Search leaves out profiles of deleted accounts with an anti-join on this tiny index (deleted accounts
-- are few) instead of joining every matching profile to users: for a common term that join read the
-- whole users table (seen in the bench's "creator search plans").
create index idx_users_deleted on users (id) where deleted_at is not null;

-- migrate:down
drop index idx_users_deleted;
alter table performer_profiles drop constraint ck_performer_profiles_blocked_regions_shape;
alter table reports drop constraint ck_reports_resolution_notes_length;
alter table reports drop constraint ck_reports_description_length;
alter table reports drop constraint ck_reports_target;
drop index idx_reports_type;
drop index uq_reports_open_per_target;
