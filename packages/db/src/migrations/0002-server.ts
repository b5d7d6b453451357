/**
 * What the server room needs beside the study data: login sessions and lockout counters (not audited:
 * they are not study data and change on every login), a stable pseudonym per participant for
 * statisticians, EDC data queries (audited like records), and the study-wide data lock (audited,
 * append-only; the latest row is the state). The lock is enforced here by triggers, so no code path
 * can write study data while it holds, and locking is refused while any data query is not closed.
 *
 * Custom SQLSTATEs (class `CX`) let `translateDbError` name these refusals: CX423 = data locked,
 * CX409 = open data queries.
 */
export const SERVER_SCHEMA: readonly string[] = [
  `create table app_session (
     token_hash text primary key,
     user_id text not null references app_user (user_id),
     csrf_token text not null,
     created_at timestamptz not null default now(),
     last_seen_at timestamptz not null default now(),
     expires_at timestamptz not null
   )`,
  'create index app_session_user on app_session (user_id)',
  `create table login_throttle (
     user_id text primary key references app_user (user_id),
     failures integer not null default 0 check (failures >= 0),
     locked_until timestamptz
   )`,
  'create index participant_site on participant (site_id, participant_id)',
  // A random pseudonym per participant, made once at registration (statisticians see only this).
  `create table participant_pseudonym (
     participant_id text primary key references participant (participant_id),
     pseudonym text not null unique
   )`,
  `create function participant_pseudonym_make() returns trigger language plpgsql as $$
   begin
     insert into participant_pseudonym (participant_id, pseudonym)
     values (new.participant_id, 'PS-' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)));
     return null;
   end $$`,
  `create trigger participant_pseudonym_make after insert on participant
     for each row execute function participant_pseudonym_make()`,
  `create table data_query (
     query_id uuid primary key default gen_random_uuid(),
     participant_id text not null references participant (participant_id),
     record_id uuid references study_record (record_id),
     field text not null check (length(trim(field)) > 0),
     question text not null check (length(trim(question)) > 0),
     status text not null check (status in ('open', 'answered', 'closed')),
     answer text,
     version integer not null default 1 check (version >= 1),
     raised_by text not null,
     raised_at timestamptz not null default now(),
     answered_by text,
     answered_at timestamptz,
     closed_by text,
     closed_at timestamptz,
     check (status = 'open' or answer is not null or closed_by is not null)
   )`,
  'create index data_query_participant on data_query (participant_id, status)',
  'create index data_query_status on data_query (status)',
  `create trigger data_query_audit after insert or update or delete on data_query
     for each row execute function audit_row('query_id')`,
  `create table data_lock (
     lock_id integer primary key,
     locked boolean not null,
     at timestamptz not null default now(),
     actor text not null,
     reason text not null check (length(trim(reason)) > 0)
   )`,
  `create trigger data_lock_audit after insert on data_lock
     for each row execute function audit_row('lock_id')`,
  `create function data_lock_guard() returns trigger language plpgsql as $$
   declare open_count integer;
   begin
     if tg_op <> 'INSERT' then
       raise exception 'data_lock is append-only: % is not allowed', tg_op;
     end if;
     perform pg_advisory_xact_lock(4242002);
     new.lock_id := coalesce((select max(lock_id) from data_lock), 0) + 1;
     if new.locked then
       select count(*) into open_count from data_query where status <> 'closed';
       if open_count > 0 then
         raise exception using errcode = 'CX409',
           message = format('%s data quer%s not closed; close them before locking the data', open_count,
                            case when open_count = 1 then 'y is' else 'ies are' end);
       end if;
     end if;
     return new;
   end $$`,
  `create trigger data_lock_guard before insert or update or delete on data_lock
     for each row execute function data_lock_guard()`,
  // Study data cannot change while the latest lock row says locked. The lock's advisory lock is taken
  // in shared mode, so writers run in parallel with each other but never beside a lock being set.
  `create function study_data_locked_guard() returns trigger language plpgsql as $$
   begin
     perform pg_advisory_xact_lock_shared(4242002);
     if coalesce((select locked from data_lock order by lock_id desc limit 1), false) then
       raise exception using errcode = 'CX423',
         message = format('the study data are locked: %s cannot change until an admin unlocks them', tg_table_name);
     end if;
     return case when tg_op = 'DELETE' then old else new end;
   end $$`,
  `create trigger participant_locked before insert or update on participant
     for each row execute function study_data_locked_guard()`,
  `create trigger study_record_locked before insert or update on study_record
     for each row execute function study_data_locked_guard()`,
  `create trigger data_query_locked before insert or update on data_query
     for each row execute function study_data_locked_guard()`,
];
