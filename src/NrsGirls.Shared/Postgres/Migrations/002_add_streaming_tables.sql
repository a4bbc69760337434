-- migrate:up
-- Content, live streams, moderation reports and notifications.

-- search_vector is not in the seed: GET tracks/search?q= needs full text over title, artist and album,
-- same 'simple' configuration as the creator search (see 001).
create table tracks (
    id uuid primary key default gen_random_uuid(),
    dj_id uuid not null references dj_profiles(id) on delete cascade,
    title varchar(255) not null,
    artist varchar(255),
    album varchar(255),
    genre varchar(100),
    -- Null when unknown; otherwise a tempo a real track can have (rejects 0, negatives and typos).
    bpm integer check (bpm between 20 and 999),
    duration integer not null check (duration > 0), -- seconds
    file_url varchar(500) not null,
    file_size bigint not null check (file_size > 0), -- bytes
    file_format varchar(20) not null,
    waveform_data jsonb,
    scanned boolean not null default false,
    scan_results jsonb,
    copyright_status varchar(50),
    play_count integer not null default 0 check (play_count >= 0),
    like_count integer not null default 0 check (like_count >= 0),
    upload_date timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    search_vector tsvector generated always as (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(artist, '') || ' ' || coalesce(album, '')), 'B')
    ) stored
);
create trigger trg_tracks_updated_at before update on tracks
    for each row execute function set_updated_at();

-- streams is deliberately NOT partitioned, although the seed suggests partitioning it by date:
-- reports.reported_stream_id references streams(id), as the seed asks, and a foreign key can only point at
-- a unique key; on a partitioned table every unique key must include the partition column, so streams(id)
-- alone could no longer be referenced. Streams are low volume compared with transactions.
-- creator_id is the id of a dj_profiles or performer_profiles row, as named by creator_type (polymorphic,
-- hence no foreign key); the same reading applies to transactions, subscriptions and payouts.
-- search_vector is the seed's FULLTEXT idx_title_desc (title weighs more than description).
create table streams (
    id uuid primary key default gen_random_uuid(),
    creator_id uuid not null,
    creator_type varchar(20) not null check (creator_type in ('dj', 'performer')),
    title varchar(255) not null,
    description text,
    thumbnail_url varchar(500),
    category varchar(100),
    tags text[],
    start_time timestamptz not null default now(),
    end_time timestamptz,
    scheduled_start timestamptz,
    status varchar(20) not null check (status in ('scheduled', 'live', 'ended', 'cancelled')),
    viewer_count integer not null default 0 check (viewer_count >= 0),
    peak_viewers integer not null default 0 check (peak_viewers >= 0),
    total_views integer not null default 0 check (total_views >= 0),
    like_count integer not null default 0 check (like_count >= 0),
    recording_url varchar(500),
    recording_enabled boolean not null default true,
    earnings numeric(10,2) not null default 0.00 check (earnings >= 0),
    chat_enabled boolean not null default true,
    multistream_config jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    search_vector tsvector generated always as (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(description, '')), 'B')
    ) stored
);
create trigger trg_streams_updated_at before update on streams
    for each row execute function set_updated_at();

create table reports (
    id uuid primary key default gen_random_uuid(),
    reporter_id uuid not null references users(id),
    reported_user_id uuid,
    reported_stream_id uuid references streams(id),
    reported_message_id uuid, -- a MongoDB chat message, so no foreign key
    report_type varchar(50) not null
        check (report_type in ('harassment', 'spam', 'inappropriate_content', 'copyright', 'other')),
    description text not null,
    status varchar(20) not null default 'pending'
        check (status in ('pending', 'reviewing', 'resolved', 'dismissed')),
    reviewed_by uuid references users(id),
    reviewed_at timestamptz,
    resolution_notes text,
    created_at timestamptz not null default now()
);

create table notifications (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users(id),
    notification_type varchar(50) not null,
    title varchar(255) not null,
    message text not null,
    link varchar(500),
    read boolean not null default false,
    read_at timestamptz,
    data jsonb,
    created_at timestamptz not null default now()
);

-- migrate:down
drop table notifications;
drop table reports;
drop table streams;
drop table tracks;
