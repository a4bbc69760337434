-- migrate:up
-- Live: one live stream per creator (enforced here, not only in code) and chat moderators.

-- Rows written before this rule (hand-made data) may hold two live streams for one creator; the newest
-- stays live and the others are ended, otherwise the unique index below could not be built.
update streams s set status = 'ended', end_time = coalesce(s.end_time, now())
where s.status = 'live'
  and exists (select 1 from streams n
              where n.creator_id = s.creator_id and n.creator_type = s.creator_type and n.status = 'live'
                and (n.start_time, n.id) > (s.start_time, s.id));

-- At most one live stream per creator: two concurrent starts for two streams of one creator cannot both win.
create unique index uq_streams_one_live_per_creator on streams (creator_id, creator_type) where status = 'live';

-- The chat moderators a creator (profile id + type, as in streams.creator_id) appoints.
create table stream_moderators (
    creator_id uuid not null,
    creator_type varchar(20) not null check (creator_type in ('dj', 'performer')),
    user_id uuid not null references users(id) on delete cascade,
    appointed_by uuid not null references users(id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (creator_id, user_id)
);
-- "Which creators does this user moderate?" (account erasure, the moderator's own view).
create index idx_stream_moderators_user on stream_moderators (user_id);
create index idx_stream_moderators_appointed_by on stream_moderators (appointed_by);

grant select, insert, update, delete on stream_moderators to nrsgirls_readwrite;
grant select on stream_moderators to nrsgirls_readonly;

-- migrate:down
drop table stream_moderators;
drop index uq_streams_one_live_per_creator;
