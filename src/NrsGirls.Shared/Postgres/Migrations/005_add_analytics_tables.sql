-- migrate:up
-- The file keeps the name from the seed's migration list, but analytics data (events, activity logs)
-- lives in MongoDB by the seed's design, so no analytics table belongs in PostgreSQL. What this
-- migration adds is the seed's "least privilege, separate read/write users" for PostgreSQL:
--   nrsgirls_readwrite  the application: read and write rows, run functions, no DDL at all;
--   nrsgirls_readonly   reporting, analytics exports and ad-hoc support queries: SELECT only.
-- Both are NOLOGIN group roles. Login users (e.g. nrsgirls_app) are created outside migrations by the
-- CLI and made members of one of them. Migrations must always run as the same owner role: the default
-- privileges below apply to objects that role creates later (new tables, new transaction partitions made
-- by ensure_transaction_partitions, which runs as its owner).

-- Roles are cluster-wide and many databases (test clones of one template) share the cluster, so create
-- them only when missing; the handler covers another database's migration creating them at the same moment.
do $$
begin
    if not exists (select from pg_roles where rolname = 'nrsgirls_readwrite') then
        create role nrsgirls_readwrite nologin;
    end if;
exception when duplicate_object or unique_violation then
    null;
end
$$;
do $$
begin
    if not exists (select from pg_roles where rolname = 'nrsgirls_readonly') then
        create role nrsgirls_readonly nologin;
    end if;
exception when duplicate_object or unique_violation then
    null;
end
$$;

-- No one but the owner may create objects in public. PostgreSQL 15 already ships public this way; the
-- revoke protects databases created from a template where CREATE was granted back.
revoke create on schema public from public;

grant usage on schema public to nrsgirls_readwrite, nrsgirls_readonly;

grant select, insert, update, delete on all tables in schema public to nrsgirls_readwrite;
grant usage, select on all sequences in schema public to nrsgirls_readwrite;
grant execute on all functions in schema public to nrsgirls_readwrite;
grant select on all tables in schema public to nrsgirls_readonly;

alter default privileges in schema public grant select, insert, update, delete on tables to nrsgirls_readwrite;
alter default privileges in schema public grant usage, select on sequences to nrsgirls_readwrite;
alter default privileges in schema public grant execute on functions to nrsgirls_readwrite;
alter default privileges in schema public grant select on tables to nrsgirls_readonly;

-- migrate:down
alter default privileges in schema public revoke select on tables from nrsgirls_readonly;
alter default privileges in schema public revoke execute on functions from nrsgirls_readwrite;
alter default privileges in schema public revoke usage, select on sequences from nrsgirls_readwrite;
alter default privileges in schema public revoke select, insert, update, delete on tables from nrsgirls_readwrite;

revoke select on all tables in schema public from nrsgirls_readonly;
revoke execute on all functions in schema public from nrsgirls_readwrite;
revoke usage, select on all sequences in schema public from nrsgirls_readwrite;
revoke select, insert, update, delete on all tables in schema public from nrsgirls_readwrite;

revoke usage on schema public from nrsgirls_readwrite, nrsgirls_readonly;

-- CREATE on public is not granted back to PUBLIC: on PostgreSQL 15 the revoke above changed nothing,
-- and handing every role DDL rights again would be a hole, not an undo.

-- Drop the roles only when nothing else still uses them: privileges in another database of the cluster
-- (DROP ROLE fails with dependent_objects_still_exist, 2BP01) or login users that are members (dropping
-- the group would silently strip their rights). Otherwise keep them; a later up reuses them.
do $$
begin
    if exists (select from pg_roles where rolname = 'nrsgirls_readonly')
       and not exists (select from pg_auth_members m join pg_roles r on r.oid = m.roleid
                       where r.rolname = 'nrsgirls_readonly') then
        drop role nrsgirls_readonly;
    end if;
exception when dependent_objects_still_exist then
    null;
end
$$;
do $$
begin
    if exists (select from pg_roles where rolname = 'nrsgirls_readwrite')
       and not exists (select from pg_auth_members m join pg_roles r on r.oid = m.roleid
                       where r.rolname = 'nrsgirls_readwrite') then
        drop role nrsgirls_readwrite;
    end if;
exception when dependent_objects_still_exist then
    null;
end
$$;
