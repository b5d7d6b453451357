/**
 * Participant search by substring over identity records (name, hospital id: site staff only) with
 * trigram indexes (`pg_trgm`, which PostgreSQL ships in its contrib set and PGlite as a loadable
 * extension that `openStudyDb` loads). `ILIKE '%…%'` cannot use a b-tree; a GIN trigram index answers
 * it for patterns of three characters or more, so a search no longer reads the jsonb of every
 * identity record. Study codes and pseudonyms get no trigram index: their tables are short rows the
 * planner scans in a few milliseconds, and a trigram index on `participant.participant_id` was taken
 * by the planner for the equality look-ups of the page (pg_trgm indexes also answer `=`), each probe
 * costing milliseconds where the primary key costs microseconds (measured: 97 → 14 ms for one search
 * on PostgreSQL). pg_trgm is a trusted extension: a database owner without superuser rights may
 * create it.
 */
export const SEARCH_TRIGRAM: readonly string[] = [
  'create extension if not exists pg_trgm',
  `create index identity_full_name_trgm on study_record using gin ((data ->> 'fullName') gin_trgm_ops)
     where record_type = 'participant-identity' and not deleted`,
  `create index identity_hospital_id_trgm on study_record using gin ((data ->> 'hospitalId') gin_trgm_ops)
     where record_type = 'participant-identity' and not deleted`,
];
