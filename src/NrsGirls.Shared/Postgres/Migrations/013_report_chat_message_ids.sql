-- migrate:up
-- A reported chat message is a MongoDB chat_messages document, whose id is an ObjectId (24 hexadecimal
-- digits), not a uuid: the seed's uuid column could not hold a real message id. Stored in lower case, as
-- the driver writes ObjectIds, so the one-open-report index compares like with like.
alter table reports alter column reported_message_id type varchar(24) using reported_message_id::text;
alter table reports add constraint reports_reported_message_id_is_object_id
    check (reported_message_id is null or reported_message_id ~ '^[0-9a-f]{24}$') not valid;

-- migrate:down
alter table reports drop constraint reports_reported_message_id_is_object_id;
alter table reports alter column reported_message_id type uuid
    using case when reported_message_id ~ '^[0-9a-f]{8}-' then reported_message_id::uuid end;
