/**
 * The first schema: sites, users with one role and their sites, participants, the study records of
 * `@cxcr4pet/study` (one versioned jsonb table keyed by record type) and the append-only, hash-chained
 * audit trail filled by triggers. Each string is one statement (PGlite's `query` takes one at a time).
 *
 * Why one record table rather than a table per record type: the study room's zod schemas are the one
 * definition of every record (17 types, nested objects such as syringe readings and read regions);
 * mirroring them as columns would define each field twice and need a migration for every change of
 * the protocol. Records are validated by those schemas before every write; what SQL must enforce —
 * identity, participant and site references, versions, soft deletion, the audit — is the same for
 * every type and lives here once. Queries that need a field use jsonb operators and indexes on
 * `(record_type, participant_id)`; a typed per-type view can be added by a later migration.
 */
export const INITIAL_SCHEMA: readonly string[] = [
  `create table site (
     site_id text primary key check (site_id ~ '^[A-Za-z0-9._-]{1,64}$'),
     name text not null check (length(trim(name)) > 0),
     created_at timestamptz not null default now()
   )`,
  `create table app_user (
     user_id text primary key check (user_id ~ '^[A-Za-z0-9._@-]{1,64}$'),
     display_name text not null check (length(trim(display_name)) > 0),
     role text not null check (role in ('admin', 'investigator', 'coordinator', 'reader', 'statistician', 'monitor')),
     password_hash text,
     active boolean not null default true,
     version integer not null default 1 check (version >= 1),
     created_at timestamptz not null default now()
   )`,
  `create table user_site (
     user_id text not null references app_user (user_id),
     site_id text not null references site (site_id),
     primary key (user_id, site_id)
   )`,
  `create table participant (
     participant_id text primary key,
     site_id text not null references site (site_id),
     created_at timestamptz not null default now()
   )`,
  `create table study_record (
     record_id uuid primary key default gen_random_uuid(),
     record_type text not null,
     participant_id text not null references participant (participant_id),
     version integer not null check (version >= 1),
     data jsonb not null check (jsonb_typeof(data) = 'object'),
     deleted boolean not null default false,
     created_at timestamptz not null default now(),
     created_by text not null,
     updated_at timestamptz not null default now(),
     updated_by text not null,
     check (data ->> 'participantId' = participant_id)
   )`,
  'create index study_record_participant_type on study_record (participant_id, record_type)',
  'create index study_record_type on study_record (record_type)',
  // One participant record per participant (the others may repeat: labs, reads, adverse events…).
  `create unique index study_record_one_participant on study_record (participant_id)
     where record_type = 'participant'`,
  `create table audit_log (
     seq bigint primary key,
     at timestamptz not null default clock_timestamp(),
     actor text not null check (length(actor) > 0),
     action text not null check (action in ('create', 'update', 'delete')),
     entity text not null,
     entity_id text not null,
     version integer,
     before jsonb,
     after jsonb,
     reason text,
     prev_hash text,
     hash text not null,
     check (action = 'create' or length(trim(coalesce(reason, ''))) > 0)
   )`,
  'create index audit_log_entity on audit_log (entity, entity_id)',
  // The hash of one entry: SHA-256 over the previous hash and the entry's fields. jsonb::text is
  // canonical (keys sorted), and the instant is taken as epoch microseconds so the session TimeZone
  // does not change it. `verifyAuditChain` recomputes it with this same function.
  `create function audit_entry_hash(e audit_log) returns text language sql immutable as $$
     select encode(sha256(convert_to(concat_ws('|',
       coalesce(e.prev_hash, ''), e.seq::text,
       (extract(epoch from e.at) * 1000000)::bigint::text,
       e.actor, e.action, e.entity, e.entity_id, coalesce(e.version::text, ''),
       coalesce(e.before::text, ''), coalesce(e.after::text, ''), coalesce(e.reason, '')
     ), 'UTF8')), 'hex')
   $$`,
  // Entries are chained in commit order: a transaction-scoped advisory lock serialises appends, then
  // the sequence number and previous hash are read (a fresh snapshot per statement in plpgsql).
  `create function audit_log_chain() returns trigger language plpgsql as $$
   declare last audit_log;
   begin
     perform pg_advisory_xact_lock(4242001);
     select * into last from audit_log order by seq desc limit 1;
     new.seq := coalesce(last.seq, 0) + 1;
     new.prev_hash := last.hash;
     new.at := clock_timestamp();
     new.hash := audit_entry_hash(new);
     return new;
   end $$`,
  `create trigger audit_log_chain before insert on audit_log
     for each row execute function audit_log_chain()`,
  `create function audit_log_append_only() returns trigger language plpgsql as $$
   begin
     raise exception 'audit_log is append-only: % is not allowed', tg_op;
   end $$`,
  `create trigger audit_log_no_update before update or delete on audit_log
     for each row execute function audit_log_append_only()`,
  `create trigger audit_log_no_truncate before truncate on audit_log
     for each statement execute function audit_log_append_only()`,
  // Every change to an audited table writes one audit entry in the same transaction. Who and why come
  // from transaction-local settings (set by the repositories); a change without an actor, or a change
  // after first entry without a reason, is refused — even from psql.
  `create function audit_row() returns trigger language plpgsql as $$
   declare
     actor text := nullif(current_setting('cxcr4pet.actor', true), '');
     reason text := nullif(trim(coalesce(current_setting('cxcr4pet.reason', true), '')), '');
     old_row jsonb := case when tg_op = 'INSERT' then null else to_jsonb(old) end;
     new_row jsonb := case when tg_op = 'DELETE' then null else to_jsonb(new) end;
     key_row jsonb := coalesce(new_row, old_row);
     act text := lower(tg_op);
   begin
     if actor is null then
       raise exception 'no actor: every change to % must say who makes it', tg_table_name;
     end if;
     if act = 'update' and (new_row ->> 'deleted') = 'true' and (old_row ->> 'deleted') = 'false' then
       act := 'delete';
     end if;
     if act <> 'insert' and reason is null then
       raise exception 'no reason: a change to % % after first entry needs a reason', tg_table_name, key_row ->> tg_argv[0];
     end if;
     insert into audit_log (actor, action, entity, entity_id, version, before, after, reason, hash)
     values (actor, case when act = 'insert' then 'create' else act end, tg_table_name,
             key_row ->> tg_argv[0], (key_row ->> 'version')::integer, old_row, new_row, reason, '');
     return null;
   end $$`,
  `create trigger site_audit after insert or update or delete on site
     for each row execute function audit_row('site_id')`,
  `create trigger app_user_audit after insert or update or delete on app_user
     for each row execute function audit_row('user_id')`,
  `create trigger user_site_audit after insert or update or delete on user_site
     for each row execute function audit_row('user_id')`,
  `create trigger participant_audit after insert or update or delete on participant
     for each row execute function audit_row('participant_id')`,
  `create trigger study_record_audit after insert or update or delete on study_record
     for each row execute function audit_row('record_id')`,
  // Records are never erased: deletion is a versioned, audited flag. Versions only ever step by one.
  `create function study_record_guard() returns trigger language plpgsql as $$
   begin
     if tg_op = 'DELETE' then
       raise exception 'study_record % cannot be erased; mark it deleted instead', old.record_id;
     end if;
     if old.deleted then
       raise exception 'study_record % is deleted and cannot change', old.record_id;
     end if;
     if new.version <> old.version + 1 then
       raise exception 'study_record %: version must go from % to %, not %', old.record_id, old.version, old.version + 1, new.version;
     end if;
     if new.record_type <> old.record_type or new.participant_id <> old.participant_id
        or new.created_at <> old.created_at or new.created_by <> old.created_by then
       raise exception 'study_record %: type, participant and creation are immutable', old.record_id;
     end if;
     return new;
   end $$`,
  `create trigger study_record_guard before update or delete on study_record
     for each row execute function study_record_guard()`,
  `create function participant_no_erase() returns trigger language plpgsql as $$
   begin
     raise exception 'participant % cannot be erased', old.participant_id;
   end $$`,
  `create trigger participant_no_erase before delete on participant
     for each row execute function participant_no_erase()`,
];
