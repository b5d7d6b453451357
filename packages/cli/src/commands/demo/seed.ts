import { randomBytes } from 'node:crypto';
import { createRecord, createSite, createUser, type DbSchema } from '@cxcr4pet/db';
import { type Cohort, cohortRecords } from '@cxcr4pet/phantom';
import { hashPassword } from '@cxcr4pet/server';
import type { Kysely } from 'kysely';

/** Who the demo's writes are audited as. */
export const DEMO_ACTOR = 'demo';

export interface DemoAdmin {
  readonly username: string;
  readonly password: string;
}

/**
 * The study's site (the cohort's `site-01`) and an admin user with a fresh random password (18
 * base64url characters, 108 bits), through the same repository calls as `cxcr4pet site add` and
 * `cxcr4pet user add`.
 */
export async function seedSiteAndAdmin(db: Kysely<DbSchema>, cohort: Cohort): Promise<DemoAdmin> {
  const siteIds = [...new Set(cohort.participants.map((p) => p.records.participant.siteId))];
  for (const siteId of siteIds)
    await createSite(db, { actor: DEMO_ACTOR }, { siteId, name: `Demo centre ${siteId}` });
  const admin = { username: 'admin', password: randomBytes(14).toString('base64url').slice(0, 18) };
  await createUser(
    db,
    { actor: DEMO_ACTOR },
    {
      userId: admin.username,
      displayName: 'Demo administrator',
      role: 'admin',
      siteIds,
      passwordHash: await hashPassword(admin.password),
    },
  );
  return admin;
}

/**
 * Every study record of the cohort but the scans (written with their DICOM UIDs once the images are
 * stored), each through `createRecord` — the server's path: the study room's zod schema validates it,
 * the participant must be registered, and the write is audited in its transaction.
 */
export async function seedRecords(
  db: Kysely<DbSchema>,
  cohort: Cohort,
  onRecord: (done: number, total: number) => void,
): Promise<number> {
  const records = cohortRecords(cohort).filter((r) => r.type !== 'scan');
  let done = 0;
  for (const { type, record } of records) {
    await createRecord(db, { actor: DEMO_ACTOR }, type, record);
    onRecord(++done, records.length);
  }
  return records.length;
}
