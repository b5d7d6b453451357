import { createRecord, type StudyDb, withChange } from '@cxcr4pet/db';
import { type Cohort, cohortRecords } from '@cxcr4pet/phantom';
import type { RecordType } from '@cxcr4pet/study';

/** The PET series UID the seeded scan of a participant and tracer is stored as (made up, valid DICOM). */
export function seededSeriesUid(cohortIndex: number, tracer: 'pentixafor' | 'fdg'): string {
  return `2.25.${1000 + cohortIndex}.${tracer === 'pentixafor' ? 1 : 2}`;
}

/**
 * Writes a synthetic cohort into a study database as the study team would (every record through
 * `createRecord`, audited), at `siteId`; each baseline scan gets a PET series UID and an `analysis` row
 * whose one lesion has the cohort's true per-patient SUVmax of that tracer (none when it is 0), so the
 * dashboards find an analysed baseline PET for every enrolled participant; and a comparison (as a
 * `compare-series` job stores it: `pairs`, `onlyA` = Pentixafor, `onlyB` = FDG) whose lesions are the
 * cohort's lesions seen on both tracers, on Pentixafor only, and on FDG only (by the truth's `detected`).
 * For tests and demos.
 */
export async function seedCohort(db: StudyDb, cohort: Cohort, siteId: string): Promise<void> {
  const setup = { actor: 'seed' };
  const index = new Map(cohort.participants.map((p, i) => [p.participantId, i]));
  for (const { type, record } of cohortRecords(cohort)) {
    let data = record as Record<string, unknown>;
    if (type === 'participant') data = { ...data, siteId };
    if (type === 'scan') {
      const i = index.get(String(data.participantId)) ?? 0;
      data = { ...data, petSeriesInstanceUid: seededSeriesUid(i, data.tracer as 'pentixafor' | 'fdg') };
    }
    await createRecord(db.kysely, setup, type as RecordType, data);
  }
  await withChange(db.kysely, setup, async (trx) => {
    for (const [i, p] of cohort.participants.entries()) {
      if (p.truth === null) continue;
      for (const tracer of ['pentixafor', 'fdg'] as const) {
        const suvMax = p.truth.suvMax[tracer];
        await trx
          .insertInto('analysis')
          .values({
            participant_id: p.participantId,
            series_instance_uid: seededSeriesUid(i, tracer),
            input_series_uids: JSON.stringify([seededSeriesUid(i, tracer)]),
            parameters: JSON.stringify({ segmentation: 'cohort truth' }),
            software: JSON.stringify({ name: 'seedCohort' }),
            result: JSON.stringify({ lesions: suvMax > 0 ? [{ label: 1, suvMax }] : [] }),
            created_by: 'seed',
          })
          .execute();
      }
      const lesion = (l: (typeof p.truth.lesions)[number], tracer: 'pentixafor' | 'fdg') => ({
        suvMax: l.expectedSuvMax[tracer],
        suvMaxMm: l.centreMm,
      });
      const seen = (a: boolean, b: boolean) =>
        p.truth?.lesions.filter((l) => l.detected.pentixafor === a && l.detected.fdg === b) ?? [];
      await trx
        .insertInto('analysis')
        .values({
          participant_id: p.participantId,
          series_instance_uid: seededSeriesUid(i, 'pentixafor'),
          input_series_uids: JSON.stringify([seededSeriesUid(i, 'pentixafor'), seededSeriesUid(i, 'fdg')]),
          parameters: JSON.stringify({ otherSeriesInstanceUid: seededSeriesUid(i, 'fdg') }),
          software: JSON.stringify({ name: 'seedCohort' }),
          result: JSON.stringify({
            registration: { method: 'cohort truth' },
            pairs: seen(true, true).map((l) => ({ a: lesion(l, 'pentixafor'), b: lesion(l, 'fdg') })),
            onlyA: seen(true, false).map((l) => lesion(l, 'pentixafor')),
            onlyB: seen(false, true).map((l) => lesion(l, 'fdg')),
          }),
          created_by: 'seed',
        })
        .execute();
    }
  });
}
