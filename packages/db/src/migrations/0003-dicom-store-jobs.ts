/**
 * Imaging storage, analyses and the job queue (used by the `store` room).
 *
 * - `dicom_instance`: one row per stored DICOM instance, keyed by SOP Instance UID, indexed by
 *   patient/study/series UID and participant; the file itself lives content-addressed (SHA-256) under
 *   the data folder. Rows are audited (create) and never change or disappear (a trigger refuses).
 * - `analysis`: one row per analysis run, with its parameters, the software version that ran it, the
 *   input series and the result JSON; audited, immutable.
 * - `job`: a table-backed queue claimed with `FOR UPDATE SKIP LOCKED`; a running job holds a lease
 *   (`lease_until`) its worker renews; an expired lease means the worker died. Jobs are operational
 *   state, not study data, so they are not audited (their effects are).
 */
export const DICOM_STORE_JOBS: readonly string[] = [
  `create table dicom_instance (
     sop_instance_uid text primary key check (length(sop_instance_uid) between 1 and 64),
     sop_class_uid text not null,
     study_instance_uid text not null,
     series_instance_uid text not null,
     modality text not null,
     series_description text not null default '',
     dicom_patient_id text,
     participant_id text not null references participant (participant_id),
     sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
     size_bytes bigint not null check (size_bytes > 0),
     source_name text not null,
     imported_at timestamptz not null default now(),
     imported_by text not null,
     job_id uuid
   )`,
  'create index dicom_instance_series on dicom_instance (series_instance_uid)',
  'create index dicom_instance_study on dicom_instance (study_instance_uid)',
  'create index dicom_instance_participant on dicom_instance (participant_id)',
  'create index dicom_instance_patient on dicom_instance (dicom_patient_id)',
  'create index dicom_instance_sha256 on dicom_instance (sha256)',
  `create function immutable_row() returns trigger language plpgsql as $$
   begin
     raise exception '% rows cannot be changed or erased (%)', tg_table_name, tg_op;
   end $$`,
  `create trigger dicom_instance_immutable before update or delete on dicom_instance
     for each row execute function immutable_row()`,
  `create trigger dicom_instance_audit after insert or update or delete on dicom_instance
     for each row execute function audit_row('sop_instance_uid')`,
  `create table job (
     job_id uuid primary key default gen_random_uuid(),
     kind text not null check (kind in ('import-folder', 'analyse-series')),
     payload jsonb not null check (jsonb_typeof(payload) = 'object'),
     state text not null default 'queued' check (state in ('queued', 'running', 'succeeded', 'failed')),
     attempts integer not null default 0 check (attempts >= 0),
     max_attempts integer not null default 3 check (max_attempts >= 1),
     progress_done integer not null default 0,
     progress_total integer,
     progress_phase text,
     result jsonb,
     error text,
     locked_by text,
     lease_until timestamptz,
     created_at timestamptz not null default now(),
     created_by text not null,
     started_at timestamptz,
     finished_at timestamptz,
     check ((state = 'running') = (locked_by is not null and lease_until is not null))
   )`,
  `create index job_claimable on job (created_at) where state in ('queued', 'running')`,
  `create table analysis (
     analysis_id uuid primary key default gen_random_uuid(),
     participant_id text not null references participant (participant_id),
     series_instance_uid text not null,
     input_series_uids jsonb not null check (jsonb_typeof(input_series_uids) = 'array'),
     parameters jsonb not null check (jsonb_typeof(parameters) = 'object'),
     software jsonb not null check (jsonb_typeof(software) = 'object'),
     result jsonb not null check (jsonb_typeof(result) = 'object'),
     job_id uuid references job (job_id),
     created_at timestamptz not null default now(),
     created_by text not null
   )`,
  'create index analysis_series on analysis (series_instance_uid)',
  'create index analysis_participant on analysis (participant_id)',
  `create trigger analysis_immutable before update or delete on analysis
     for each row execute function immutable_row()`,
  `create trigger analysis_audit after insert or update or delete on analysis
     for each row execute function audit_row('analysis_id')`,
];
