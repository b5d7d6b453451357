/**
 * A participant summary table for the list and search endpoints: one narrow row per participant with
 * what a list shows and filters on (site, pseudonym, sex, enrolment status and dates, latest
 * eligibility verdict, and the identifying fields that site staff may search), so that a page, a
 * filter and a count read one indexed row per participant instead of the jsonb of several records.
 *
 * The table is derived data, like an index: it is written only by triggers, in the transaction of the
 * write that changes its sources (a participant registered or moved, its pseudonym, its participant,
 * identity or eligibility-verdict record created, updated or marked deleted), so it commits and rolls
 * back with that write. `participant_summary_refresh` recomputes the whole row from the source tables
 * (the same definitions the list used before: the participant record as stored, the latest
 * non-deleted identity record and verdict), so a refresh cannot drift from the records. Not audited:
 * the audit trail keeps the source rows it is computed from. The identifying columns are read only by
 * queries made for callers who see identifying data (`listParticipants` with `withIdentity`).
 *
 * Most writes change no indexed column (a verdict, a status), so the row is updated in place (HOT,
 * room kept by fillfactor 80) and its old version pruned without VACUUM — PGlite has no autovacuum.
 *
 * Indexes: b-trees on (site, study code) and (site, pseudonym) for the two orders a list is paged in
 * (study code for site staff and monitors, pseudonym for statisticians) with keyset pagination, on
 * (site, status, sex, study code) for the worklist's filters (measured on PGlite with 10,000
 * participants: the filtered list 3.7 → 1.5 ms of CPU), and
 * GIN trigram indexes (pg_trgm, migration 0006) on lower-cased expressions of the four searchable
 * fields, so `%…%` substring search reads the index; being expressions, they are never offered for
 * the `=` look-ups of the primary key (see 0006 for what happened when they were).
 *
 * Sessions: a change to a user, their sites or their sessions sends `NOTIFY cxcr4pet_auth` with the
 * user id (delivered at commit), so a server process that caches sessions in memory forgets that
 * user's at once, whichever process made the change.
 */
export const PARTICIPANT_SUMMARY: readonly string[] = [
  `create table participant_summary (
     participant_id text primary key references participant (participant_id),
     site_id text not null,
     pseudonym text not null,
     registered_at timestamptz not null,
     sex text,
     status text check (status in ('screening', 'enrolled', 'withdrawn')),
     enrolled_date text,
     withdrawn_date text,
     eligibility text,
     full_name text,
     birth_date text,
     hospital_id text,
     updated_at timestamptz not null
   ) with (fillfactor = 80)`,
  'create index participant_summary_site_code on participant_summary (site_id, participant_id)',
  'create index participant_summary_site_pseudonym on participant_summary (site_id, pseudonym)',
  'create unique index participant_summary_pseudonym on participant_summary (pseudonym)',
  // The worklist's filters (status, then sex) within the caller's sites, in page order.
  `create index participant_summary_site_status on participant_summary
     (site_id, status, sex, participant_id)`,
  `create index participant_summary_code_trgm on participant_summary
     using gin (lower(participant_id) gin_trgm_ops)`,
  `create index participant_summary_pseudonym_trgm on participant_summary
     using gin (lower(pseudonym) gin_trgm_ops)`,
  `create index participant_summary_name_trgm on participant_summary
     using gin (lower(full_name) gin_trgm_ops)`,
  `create index participant_summary_hospital_id_trgm on participant_summary
     using gin (lower(hospital_id) gin_trgm_ops)`,
  // The whole row of one participant, recomputed from the source tables. Ties of created_at (two
  // records of one transaction) are broken by record id, so the choice is deterministic.
  `create function participant_summary_refresh(pid text) returns void language plpgsql as $$
   begin
     insert into participant_summary as s (participant_id, site_id, pseudonym, registered_at, sex, status,
       enrolled_date, withdrawn_date, eligibility, full_name, birth_date, hospital_id, updated_at)
     select p.participant_id, p.site_id, ps.pseudonym, p.created_at, r.data ->> 'sex',
            case when r.data is null then null
                 when r.data ? 'withdrawnDate' then 'withdrawn'
                 when r.data ? 'enrolledDate' then 'enrolled'
                 else 'screening' end,
            r.data ->> 'enrolledDate', r.data ->> 'withdrawnDate', v.kind,
            i.data ->> 'fullName', i.data ->> 'birthDate', i.data ->> 'hospitalId', now()
     from participant p
     join participant_pseudonym ps on ps.participant_id = p.participant_id
     left join study_record r on r.participant_id = p.participant_id and r.record_type = 'participant'
     left join lateral (select data ->> 'kind' as kind from study_record
             where participant_id = p.participant_id and record_type = 'eligibility-verdict' and not deleted
             order by created_at desc, record_id desc limit 1) v on true
     left join lateral (select data from study_record
             where participant_id = p.participant_id and record_type = 'participant-identity' and not deleted
             order by created_at desc, record_id desc limit 1) i on true
     where p.participant_id = pid
     on conflict (participant_id) do update set
       site_id = excluded.site_id, pseudonym = excluded.pseudonym, registered_at = excluded.registered_at,
       sex = excluded.sex, status = excluded.status, enrolled_date = excluded.enrolled_date,
       withdrawn_date = excluded.withdrawn_date, eligibility = excluded.eligibility,
       full_name = excluded.full_name, birth_date = excluded.birth_date, hospital_id = excluded.hospital_id,
       updated_at = excluded.updated_at;
   end $$`,
  `create function participant_summary_on_change() returns trigger language plpgsql as $$
   begin
     perform participant_summary_refresh(new.participant_id);
     return null;
   end $$`,
  // A participant's row appears with its pseudonym (made by a trigger after the participant insert).
  `create trigger participant_summary after insert or update on participant_pseudonym
     for each row execute function participant_summary_on_change()`,
  `create trigger participant_summary after update on participant
     for each row execute function participant_summary_on_change()`,
  `create trigger participant_summary after insert or update on study_record
     for each row when (new.record_type in ('participant', 'participant-identity', 'eligibility-verdict'))
     execute function participant_summary_on_change()`,
  'select participant_summary_refresh(participant_id) from participant',
  `create function auth_changed() returns trigger language plpgsql as $$
   begin
     perform pg_notify('cxcr4pet_auth', coalesce(new.user_id, old.user_id));
     return null;
   end $$`,
  `create trigger auth_changed after update or delete on app_user
     for each row execute function auth_changed()`,
  `create trigger auth_changed after insert or update or delete on user_site
     for each row execute function auth_changed()`,
  `create trigger auth_changed after delete on app_session
     for each row execute function auth_changed()`,
];
