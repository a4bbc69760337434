-- migrate:up
-- Tracks as the upload flow needs them (docs/tracks.md):
--   POST tracks creates the row before any file exists; the client then uploads the audio straight to
--   blob storage (container tracks, blob name = track id) and the scan job fills in what the file itself
--   says. So duration, file_size and file_format stay NULL until a scan accepts the file, instead of the
--   seed's NOT NULL with made-up values. file_url stays NOT NULL: the blob's address is known at creation.
--   The CHECK keeps the seed's promise for every track a listener can see: a scanned track has all three.
alter table tracks alter column duration drop not null;
alter table tracks alter column file_size drop not null;
alter table tracks alter column file_format drop not null;
alter table tracks add constraint tracks_scanned_has_file_facts
    check (not scanned or (duration is not null and file_size is not null and file_format is not null));
-- When the cleanup job deleted a soft-deleted track's blob; NULL while the blob (may) still exist.
alter table tracks add column file_deleted_at timestamptz;
-- The cleanup job's work list: soft-deleted tracks whose blob is still to be deleted.
create index idx_tracks_file_cleanup on tracks (deleted_at) where deleted_at is not null and file_deleted_at is null;

-- One like per user and track (POST/DELETE tracks/{id}/like); tracks.like_count is kept equal to the
-- count of these rows in the same statement that inserts or deletes one.
create table track_likes (
    track_id uuid not null references tracks(id) on delete cascade,
    user_id uuid not null references users(id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (track_id, user_id)
);
-- Serves the ON DELETE CASCADE from users (and "tracks I liked" later).
create index idx_track_likes_user on track_likes (user_id, created_at desc);

-- migrate:down
drop table track_likes;
drop index idx_tracks_file_cleanup;
alter table tracks drop column file_deleted_at;
alter table tracks drop constraint tracks_scanned_has_file_facts;
-- The seed's NOT NULLs come back; tracks whose file was never accepted have nothing to put there and
-- cannot be played, so they go (a down migration loses what only the new shape could hold).
delete from tracks where duration is null or file_size is null or file_format is null;
alter table tracks alter column file_format set not null;
alter table tracks alter column file_size set not null;
alter table tracks alter column duration set not null;
