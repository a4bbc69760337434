-- migrate:up
-- Accounts and creator profiles, translated from the seed's MySQL-flavoured DDL to PostgreSQL 15.
-- Conventions used in every migration:
--   * TIMESTAMP becomes timestamptz (stored as UTC instants); created_at/updated_at are NOT NULL DEFAULT now()
--     (now() is PostgreSQL's CURRENT_TIMESTAMP, the seed's default).
--   * Columns the seed gives a constant default (flags, counters, money, settings) are also NOT NULL: the
--     seed never means "unknown" for them, `follower_count + 1` on a NULL silently stays NULL, and the C#
--     models map them to non-nullable types.
--   * No extension is needed: gen_random_uuid() is built in since PostgreSQL 13.
--   * Seed INDEX lines become CREATE INDEX statements in 004_add_indexes.sql; unique constraints live here
--     with their table because they are rules, not tuning.

-- Keeps updated_at honest whatever the writer sends; attached BEFORE UPDATE to every table with updated_at.
create function set_updated_at() returns trigger
language plpgsql
as $$
begin
    new.updated_at := now();
    return new;
end
$$;

create table users (
    id uuid primary key default gen_random_uuid(),
    email varchar(255) not null,
    password_hash varchar(255) not null,
    role varchar(20) not null check (role in ('dj', 'performer', 'viewer', 'admin')),
    verified boolean not null default false,
    two_factor_enabled boolean not null default false,
    two_factor_secret varchar(255),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    last_login timestamptz,
    deleted_at timestamptz
);
-- The seed's `email UNIQUE`, made case-insensitive without citext: Alice@x.com and alice@x.com are one
-- account. Queries must look up by lower(email) to use it; this index also replaces the seed's idx_email.
-- Soft-deleted users keep their address reserved (erasure anonymises the email instead).
create unique index uq_users_email_lower on users (lower(email));
create trigger trg_users_updated_at before update on users
    for each row execute function set_updated_at();

-- search_vector (stored, generated) is the PostgreSQL form of the seed's FULLTEXT idx_bio: the API
-- searches creators over stage name and bio. 'simple' config: names and bios are multilingual and stage
-- names must not be stemmed; queries use websearch_to_tsquery('simple', ...). Stage name weighs more (A)
-- than bio (B) for ts_rank.
create table dj_profiles (
    id uuid primary key default gen_random_uuid(),
    user_id uuid unique not null references users(id) on delete cascade,
    stage_name varchar(100) not null,
    bio text,
    genres text[],
    avatar_url varchar(500),
    banner_url varchar(500),
    rating numeric(3,2) not null default 0.00 check (rating between 0 and 5),
    total_earnings numeric(12,2) not null default 0.00 check (total_earnings >= 0),
    follower_count integer not null default 0 check (follower_count >= 0),
    stream_count integer not null default 0 check (stream_count >= 0),
    total_views integer not null default 0 check (total_views >= 0),
    verified_artist boolean not null default false,
    social_links jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    search_vector tsvector generated always as (
        setweight(to_tsvector('simple', coalesce(stage_name, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(bio, '')), 'B')
    ) stored
);
create trigger trg_dj_profiles_updated_at before update on dj_profiles
    for each row execute function set_updated_at();

create table performer_profiles (
    id uuid primary key default gen_random_uuid(),
    user_id uuid unique not null references users(id) on delete cascade,
    stage_name varchar(100) not null,
    bio text,
    avatar_url varchar(500),
    banner_url varchar(500),
    privacy_settings jsonb not null default '{}',
    blocked_regions text[],
    blocked_users uuid[],
    total_earnings numeric(12,2) not null default 0.00 check (total_earnings >= 0),
    follower_count integer not null default 0 check (follower_count >= 0),
    stream_count integer not null default 0 check (stream_count >= 0),
    total_views integer not null default 0 check (total_views >= 0),
    verified_performer boolean not null default false,
    social_links jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    search_vector tsvector generated always as (
        setweight(to_tsvector('simple', coalesce(stage_name, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(bio, '')), 'B')
    ) stored
);
create trigger trg_performer_profiles_updated_at before update on performer_profiles
    for each row execute function set_updated_at();

create table user_settings (
    id uuid primary key default gen_random_uuid(),
    user_id uuid unique not null references users(id) on delete cascade,
    email_notifications boolean not null default true,
    push_notifications boolean not null default true,
    newsletter_subscribed boolean not null default false,
    language varchar(10) not null default 'en',
    timezone varchar(50),
    theme varchar(20) not null default 'light',
    notification_preferences jsonb not null default '{}',
    privacy_preferences jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create trigger trg_user_settings_updated_at before update on user_settings
    for each row execute function set_updated_at();

-- following_id is the id of a dj_profiles or performer_profiles row, as named by following_type (the same
-- polymorphic pair as creator_id/creator_type elsewhere), so it cannot carry a foreign key.
create table follows (
    id uuid primary key default gen_random_uuid(),
    follower_id uuid not null references users(id),
    following_id uuid not null,
    following_type varchar(20) not null check (following_type in ('dj', 'performer')),
    notifications_enabled boolean not null default true,
    created_at timestamptz not null default now(),
    unique (follower_id, following_id, following_type)
);

-- migrate:down
drop table follows;
drop table user_settings;
drop table performer_profiles;
drop table dj_profiles;
drop table users;
drop function set_updated_at();
