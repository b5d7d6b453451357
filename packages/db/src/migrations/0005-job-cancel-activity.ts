/**
 * Jobs a user can cancel and see by site, and an audited log of what users do beyond changing rows.
 *
 * - `job.state` gains `cancelled` (a queued job is never claimed; a running one loses its lease, so its
 *   worker's commit is refused and rolled back), with who cancelled it and why.
 * - `job.participant_id`: the participant a job is about (import into, analysis of), so that the server
 *   shows each user the jobs of their sites' participants only.
 * - `activity`: one immutable, audited row per user action that changes no study row by itself —
 *   queueing or cancelling a job, an export or download (with its filters, row counts and the SHA-256 of
 *   what was handed out). Its audit entry (entity `activity`) joins the hash chain like every other, and
 *   `participant_id` ties it to a participant's site for monitors reading the trail.
 */
export const JOB_CANCEL_ACTIVITY: readonly string[] = [
  'alter table job drop constraint job_state_check',
  `alter table job add constraint job_state_check
     check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled'))`,
  // No foreign key: a job for a participant that does not exist is queued and fails with that reason.
  'alter table job add column participant_id text',
  'alter table job add column cancelled_by text',
  'alter table job add column cancel_reason text',
  `update job set participant_id = payload ->> 'participantId'
     where payload ->> 'participantId' in (select participant_id from participant)`,
  `update job set participant_id = (select participant_id from dicom_instance
       where series_instance_uid = job.payload ->> 'seriesInstanceUid' limit 1)
     where kind = 'analyse-series' and participant_id is null`,
  'create index job_participant on job (participant_id)',
  `create table activity (
     activity_id uuid primary key default gen_random_uuid(),
     action text not null check (action ~ '^[a-z]+([.-][a-z]+)*$'),
     participant_id text references participant (participant_id),
     details jsonb not null check (jsonb_typeof(details) = 'object'),
     actor text not null,
     created_at timestamptz not null default now()
   )`,
  'create index activity_participant on activity (participant_id)',
  'create index activity_action on activity (action, created_at)',
  `create trigger activity_immutable before update or delete on activity
     for each row execute function immutable_row()`,
  `create trigger activity_audit after insert or update or delete on activity
     for each row execute function audit_row('activity_id')`,
];
