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
