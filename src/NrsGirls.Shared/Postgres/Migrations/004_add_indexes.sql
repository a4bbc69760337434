-- migrate:up
-- The seed's inline INDEX lines as CREATE INDEX (names prefixed with the table: PostgreSQL index names
-- are per schema, not per table), FULLTEXT as GIN over the search_vector columns, plus the indexes the
-- API's queries need (see design/API.md). Where a seed index is adapted or dropped, the comment says why.
-- List indexes end in (created_at desc, id desc) so keyset pagination on (created_at, id) is one index
-- range scan without a sort. Plain CREATE INDEX (not CONCURRENTLY): each migration runs in one transaction.

-- users. idx_email is served by uq_users_email_lower (001). Not partial: admin and erasure queries also
-- look at soft-deleted users.
create index idx_users_role on users (role);
create index idx_users_created_at on users (created_at);

-- dj_profiles. idx_user_id is served by the unique constraint on user_id.
create index idx_dj_profiles_stage_name on dj_profiles (stage_name);
create index idx_dj_profiles_rating on dj_profiles (rating);
create index idx_dj_profiles_search on dj_profiles using gin (search_vector); -- seed FULLTEXT idx_bio
create index idx_dj_profiles_genres on dj_profiles using gin (genres); -- creators/search?genre= (genres @> array[...])

-- performer_profiles. idx_user_id is served by the unique constraint on user_id.
create index idx_performer_profiles_stage_name on performer_profiles (stage_name);
create index idx_performer_profiles_search on performer_profiles using gin (search_vector); -- seed FULLTEXT idx_bio

-- tracks. Public reads never show soft-deleted tracks, so the seed's title/genre/upload_date indexes skip
-- them. idx_dj_id stays whole: it also serves the ON DELETE CASCADE from dj_profiles.
create index idx_tracks_dj_id on tracks (dj_id);
create index idx_tracks_dj_recent on tracks (dj_id, upload_date desc, id desc) where deleted_at is null; -- djs/{id}/tracks
create index idx_tracks_title on tracks (title) where deleted_at is null;
create index idx_tracks_genre on tracks (genre) where deleted_at is null;
create index idx_tracks_upload_date on tracks (upload_date) where deleted_at is null;
create index idx_tracks_search on tracks using gin (search_vector) where deleted_at is null;

-- streams
create index idx_streams_creator on streams (creator_id, creator_type);
create index idx_streams_status on streams (status);
create index idx_streams_start_time on streams (start_time);
create index idx_streams_category on streams (category);
create index idx_streams_live on streams (start_time desc, id desc) where status = 'live'; -- GET streams?status=live
create index idx_streams_search on streams using gin (search_vector); -- seed FULLTEXT idx_title_desc

-- transactions: created on the partitioned table, so every partition (present and future) gets them.
-- idx_user_id and idx_creator gain created_at so "my transactions" and a creator's earnings over a period
-- are one range scan per partition.
create index idx_transactions_user on transactions (user_id, created_at desc, id desc);
create index idx_transactions_creator on transactions (creator_id, creator_type, created_at desc);
create index idx_transactions_type on transactions (transaction_type);
create index idx_transactions_status on transactions (status);
create index idx_transactions_created_at on transactions (created_at);
-- Payment webhooks find their ledger row by the provider's id.
create index idx_transactions_provider_id on transactions (provider_transaction_id)
    where provider_transaction_id is not null;

-- subscriptions
create index idx_subscriptions_subscriber on subscriptions (subscriber_id);
create index idx_subscriptions_creator on subscriptions (creator_id, creator_type);
create index idx_subscriptions_status on subscriptions (status);
create index idx_subscriptions_period_end on subscriptions (current_period_end);
-- The renewal job claims active subscriptions whose period has ended.
create index idx_subscriptions_renewal_due on subscriptions (current_period_end) where status = 'active';

-- follows. idx_follower is covered by the unique (follower_id, following_id, following_type); these
-- two serve GET me/following and GET creators/{id}/followers, newest first.
create index idx_follows_follower_recent on follows (follower_id, created_at desc, id desc);
create index idx_follows_following on follows (following_id, following_type, created_at desc, id desc);

-- reports. The admin queue lists by status, oldest or newest first, so idx_status gains created_at.
create index idx_reports_reporter on reports (reporter_id);
create index idx_reports_reported_user on reports (reported_user_id);
create index idx_reports_status on reports (status, created_at);
create index idx_reports_created_at on reports (created_at);
-- Serves the foreign key (deleting a stream must not scan reports).
create index idx_reports_reported_stream on reports (reported_stream_id) where reported_stream_id is not null;

-- notifications. idx_user_id becomes (user_id, created_at desc, id desc): a user's notifications newest
-- first. idx_read on a bare boolean would never be chosen; it becomes the user's unread list instead.
-- idx_created_at serves the retention clean-up.
create index idx_notifications_user on notifications (user_id, created_at desc, id desc);
create index idx_notifications_unread on notifications (user_id, created_at desc, id desc) where not read;
create index idx_notifications_created_at on notifications (created_at);

-- payouts. idx_status becomes (status, scheduled_date): the payout job picks pending payouts that are due.
-- idx_creator gains created_at for GET creators/{id}/payouts.
create index idx_payouts_creator on payouts (creator_id, creator_type, created_at desc);
create index idx_payouts_status on payouts (status, scheduled_date);
create index idx_payouts_scheduled_date on payouts (scheduled_date);

-- idempotency_keys: old keys are purged by age.
create index idx_idempotency_keys_created_at on idempotency_keys (created_at);

-- user_settings. idx_user_id is served by the unique constraint on user_id.

-- migrate:down
drop index idx_idempotency_keys_created_at;
drop index idx_payouts_scheduled_date;
drop index idx_payouts_status;
drop index idx_payouts_creator;
drop index idx_notifications_created_at;
drop index idx_notifications_unread;
drop index idx_notifications_user;
drop index idx_reports_reported_stream;
drop index idx_reports_created_at;
drop index idx_reports_status;
drop index idx_reports_reported_user;
drop index idx_reports_reporter;
drop index idx_follows_following;
drop index idx_follows_follower_recent;
drop index idx_subscriptions_renewal_due;
drop index idx_subscriptions_period_end;
drop index idx_subscriptions_status;
drop index idx_subscriptions_creator;
drop index idx_subscriptions_subscriber;
drop index idx_transactions_provider_id;
drop index idx_transactions_created_at;
drop index idx_transactions_status;
drop index idx_transactions_type;
drop index idx_transactions_creator;
drop index idx_transactions_user;
drop index idx_streams_search;
drop index idx_streams_live;
drop index idx_streams_category;
drop index idx_streams_start_time;
drop index idx_streams_status;
drop index idx_streams_creator;
drop index idx_tracks_search;
drop index idx_tracks_upload_date;
drop index idx_tracks_genre;
drop index idx_tracks_title;
drop index idx_tracks_dj_recent;
drop index idx_tracks_dj_id;
drop index idx_performer_profiles_search;
drop index idx_performer_profiles_stage_name;
drop index idx_dj_profiles_genres;
drop index idx_dj_profiles_search;
drop index idx_dj_profiles_rating;
drop index idx_dj_profiles_stage_name;
drop index idx_users_created_at;
drop index idx_users_role;
