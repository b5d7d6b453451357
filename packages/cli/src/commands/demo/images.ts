import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRecord } from '@cxcr4pet/db';
import { type Cohort, type CohortParticipant, phantomStudyFiles, type Tracer } from '@cxcr4pet/phantom';
import { enqueueJob, type Job, runWorker, type Store } from '@cxcr4pet/store';
import type { Scan } from '@cxcr4pet/study';
import { WORKER_HANDLERS } from '../store/worker.ts';
import { DEMO_DIMS, DEMO_SPACING_MM } from './protocol.ts';
import { DEMO_ACTOR } from './seed.ts';

const TRACERS: readonly Tracer[] = ['pentixafor', 'fdg'];

/** A stored PET/CT of an enrolled participant. */
export interface StoredScan {
  readonly participantId: string;
  readonly tracer: Tracer;
  readonly studyInstanceUid: string;
  readonly petSeriesInstanceUid: string;
}

/** The noise seed of a participant's scan: distinct for every participant and tracer of a cohort. */
function scanSeed(cohort: Cohort, index: number, tracer: Tracer): number {
  return cohort.seed * 10_000 + 2 * index + (tracer === 'fdg' ? 1 : 0) + 1;
}

/** `YYYY-MM-DDTHH:MM:SS` local time of an ISO instant written with its offset (as the dose records are). */
function localDateTime(instant: string): string {
  return instant.slice(0, 19);
}

/**
 * Writes one participant's FDG and Pentixafor PET/CT as DICOM (the cohort's lesions, the net activity
 * and injection time of the dose records, the participant as the DICOM patient), imports both
 * folders through `import-folder` jobs run by the CLI worker's handlers, records each scan with its
 * study and PET series UIDs (`createRecord`), and removes the written folders (the store keeps the
 * files).
 */
export async function imageParticipant(
  store: Store,
  cohort: Cohort,
  index: number,
  participant: CohortParticipant,
): Promise<readonly StoredScan[]> {
  const truth = participant.truth;
  if (truth === null) return [];
  const r = participant.records;
  const folder = join(store.dataDir, 'incoming', participant.participantId);
  const stored: StoredScan[] = [];
  const records: Scan[] = [];
  try {
    for (const tracer of TRACERS) {
      const dose = r.doses.find((d) => d.tracer === tracer);
      const scan = r.scans.find((s) => s.tracer === tracer);
      if (dose === undefined || scan === undefined)
        throw new Error(`cohort participant ${participant.participantId} has no ${tracer} dose or scan`);
      const { files, truth: phantom } = phantomStudyFiles({
        tracer,
        seed: scanSeed(cohort, index, tracer),
        dims: DEMO_DIMS,
        spacingMm: DEMO_SPACING_MM,
        lesionCatalogue: truth.phantom.lesions,
        acquisition: {
          injectedActivityBq: truth.phantom.injectedActivityBq[tracer],
          injectionDateTime: localDateTime(dose.injectedAt),
          sex: r.participant.sex === 'female' ? 'F' : 'M',
        },
        patient: {
          name: `${r.identity.fullName.split(' ').at(-1)}^${r.identity.fullName.split(' ').slice(0, -1).join(' ')}`,
          id: participant.participantId,
          birthDate: r.identity.birthDate.replaceAll('-', ''),
        },
        withoutTruthFile: true,
      });
      const tracerFolder = join(folder, tracer);
      for (const file of files) {
        const path = join(tracerFolder, file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.bytes);
      }
      await enqueueJob(store.db.kysely, {
        kind: 'import-folder',
        payload: { folder: tracerFolder, participantId: participant.participantId },
        createdBy: DEMO_ACTOR,
      });
      records.push({
        ...scan,
        studyInstanceUid: phantom.series.studyInstanceUid,
        petSeriesInstanceUid: phantom.series.petSeriesInstanceUid,
      });
      stored.push({
        participantId: participant.participantId,
        tracer,
        studyInstanceUid: phantom.series.studyInstanceUid,
        petSeriesInstanceUid: phantom.series.petSeriesInstanceUid,
      });
    }
    failIfAny(await runWorker(store, WORKER_HANDLERS, { drain: true }));
    for (const record of records) await createRecord(store.db.kysely, { actor: DEMO_ACTOR }, 'scan', record);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return stored;
}

/** Stops the demo at the first failed job, naming it and its error. */
export function failIfAny(jobs: readonly Job[]): void {
  const failed = jobs.find((j) => j.state !== 'succeeded');
  if (failed !== undefined)
    throw new Error(
      `${failed.kind} job ${failed.jobId} ${failed.state}: ${failed.error ?? 'no reason given'}`,
    );
}
