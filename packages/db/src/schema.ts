import type { ColumnType, Generated } from 'kysely';

/**
 * The tables as Kysely sees them. Timestamps come back as `Date` from both drivers; `bigint` columns
 * as string (`pg`) or number (PGlite), hence the unions, normalised by the repositories.
 */
export interface DbSchema {
  readonly site: SiteTable;
  readonly app_user: AppUserTable;
  readonly user_site: UserSiteTable;
  readonly participant: ParticipantTable;
  readonly study_record: StudyRecordTable;
  readonly audit_log: AuditLogTable;
  readonly app_session: AppSessionTable;
  readonly login_throttle: LoginThrottleTable;
  readonly participant_pseudonym: ParticipantPseudonymTable;
  readonly participant_summary: ParticipantSummaryTable;
  readonly data_query: DataQueryTable;
  readonly data_lock: DataLockTable;
  readonly dicom_instance: DicomInstanceTable;
  readonly job: JobTable;
  readonly analysis: AnalysisTable;
  readonly activity: ActivityTable;
  readonly pacs_node: PacsNodeTable;
  readonly pacs_node_secret: PacsNodeSecretTable;
}

export interface SiteTable {
  site_id: string;
  name: string;
  created_at: ColumnType<Date, never, never>;
}

export interface AppUserTable {
  user_id: string;
  display_name: string;
  role: string;
  password_hash: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, never, never>;
}

export interface UserSiteTable {
  user_id: string;
  site_id: string;
}

export interface ParticipantTable {
  participant_id: string;
  site_id: string;
  created_at: ColumnType<Date, never, never>;
}

export interface StudyRecordTable {
  record_id: Generated<string>;
  record_type: string;
  participant_id: string;
  version: number;
  /** The record as the study room's zod schema describes it (jsonb; written as JSON text). */
  data: ColumnType<unknown, string, string>;
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, never, never>;
  created_by: string;
  updated_at: ColumnType<Date, never, Date>;
  updated_by: string;
}

export interface AuditLogTable {
  seq: ColumnType<string | number, never, never>;
  at: ColumnType<Date, never, never>;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  version: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  prev_hash: string | null;
  hash: string;
}

/** A login session; the cookie holds a random token, the table its SHA-256 (a stolen table opens nothing). */
export interface AppSessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: ColumnType<Date, never, never>;
  last_seen_at: ColumnType<Date, never, Date>;
  expires_at: Date;
}

/** Consecutive failed logins of a user and the end of their lockout. */
export interface LoginThrottleTable {
  user_id: string;
  failures: number;
  locked_until: Date | null;
}

export interface ParticipantPseudonymTable {
  participant_id: string;
  pseudonym: string;
}

/**
 * One row per participant, derived from the participant, its pseudonym and its participant, identity
 * and eligibility-verdict records; written only by triggers (migration 0011), read by the list.
 */
export interface ParticipantSummaryTable {
  participant_id: ColumnType<string, never, never>;
  site_id: ColumnType<string, never, never>;
  pseudonym: ColumnType<string, never, never>;
  registered_at: ColumnType<Date, never, never>;
  sex: ColumnType<string | null, never, never>;
  status: ColumnType<'screening' | 'enrolled' | 'withdrawn' | null, never, never>;
  enrolled_date: ColumnType<string | null, never, never>;
  withdrawn_date: ColumnType<string | null, never, never>;
  eligibility: ColumnType<string | null, never, never>;
  full_name: ColumnType<string | null, never, never>;
  birth_date: ColumnType<string | null, never, never>;
  hospital_id: ColumnType<string | null, never, never>;
  updated_at: ColumnType<Date, never, never>;
}

/** An EDC data query: raised on a field by a monitor, answered by the site, closed by the monitor. */
export interface DataQueryTable {
  query_id: Generated<string>;
  participant_id: string;
  record_id: string | null;
  field: string;
  question: string;
  status: 'open' | 'answered' | 'closed';
  answer: string | null;
  version: ColumnType<number, number | undefined, number>;
  raised_by: string;
  raised_at: ColumnType<Date, never, never>;
  answered_by: string | null;
  answered_at: Date | null;
  closed_by: string | null;
  closed_at: Date | null;
}

/** The study-wide data lock, append-only: the row with the highest `lock_id` is the state. */
export interface DataLockTable {
  lock_id: ColumnType<number, never, never>;
  locked: boolean;
  at: ColumnType<Date, never, never>;
  actor: string;
  reason: string;
}

/** One stored DICOM instance (the file is `<data>/dicom/<sha256[0:2]>/<sha256>`). */
export interface DicomInstanceTable {
  sop_instance_uid: string;
  sop_class_uid: string;
  study_instance_uid: string;
  series_instance_uid: string;
  modality: string;
  series_description: string;
  dicom_patient_id: string | null;
  participant_id: string;
  sha256: string;
  size_bytes: ColumnType<string | number, number, never>;
  source_name: string;
  imported_at: ColumnType<Date, never, never>;
  imported_by: string;
  job_id: string | null;
}

export interface JobTable {
  job_id: Generated<string>;
  kind: string;
  payload: ColumnType<unknown, string, string>;
  state: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  progress_done: ColumnType<number, number | undefined, number>;
  progress_total: number | null;
  progress_phase: string | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error: string | null;
  locked_by: string | null;
  lease_until: ColumnType<Date | null, never, never>;
  created_at: ColumnType<Date, never, never>;
  created_by: string;
  started_at: ColumnType<Date | null, never, never>;
  finished_at: ColumnType<Date | null, never, never>;
  participant_id: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

export interface AnalysisTable {
  analysis_id: Generated<string>;
  participant_id: string;
  series_instance_uid: string;
  input_series_uids: ColumnType<unknown, string, never>;
  parameters: ColumnType<unknown, string, never>;
  software: ColumnType<unknown, string, never>;
  result: ColumnType<unknown, string, never>;
  job_id: string | null;
  created_at: ColumnType<Date, never, never>;
  created_by: string;
}

/** Audited, immutable log of user actions that change no study row by themselves (jobs, exports). */
export interface ActivityTable {
  activity_id: Generated<string>;
  action: string;
  participant_id: string | null;
  details: ColumnType<unknown, string, never>;
  actor: string;
  created_at: ColumnType<Date, never, never>;
}
/** A configured PACS node (migration 0007); its secret is in `pacs_node_secret` (not audited). */
export interface PacsNodeTable {
  node_id: string;
  name: string;
  dicomweb_url: string | null;
  auth_kind: ColumnType<'none' | 'basic' | 'bearer', 'none' | 'basic' | 'bearer' | undefined>;
  auth_username: string | null;
  secret_changed_at: Date | null;
  dimse_host: string | null;
  dimse_port: number | null;
  called_ae: string | null;
  calling_ae: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, never, never>;
}

export interface PacsNodeSecretTable {
  node_id: string;
  secret: string;
}
